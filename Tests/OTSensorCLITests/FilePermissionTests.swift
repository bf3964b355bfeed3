import Foundation
import OTSensorCore
import XCTest

/// What otsensor writes is for the sensor's user and group, state for its user
/// alone, and nothing is written through a symbolic link planted in the spool.
final class FilePermissionTests: XCTestCase {
    private func scratch() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-modes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return root
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try XCTUnwrap(attributes[.posixPermissions] as? Int)
    }

    /// A spool made by `run` and the slice it processed: folders 0750, logs,
    /// manifests and archives 0640, whatever the caller's umask (0022 here).
    func testRunWritesTheSpoolForUserAndGroupOnly() throws {
        let root = try scratch()
        let layout = SpoolLayout(root: root.appendingPathComponent("spool").path)
        try FileManager.default.createDirectory(at: layout.incoming, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let capture = layout.incoming.appendingPathComponent("20261123T104100Z-plant-a.pcap")
        try FileManager.default.copyItem(atPath: try Tool.sampleCapture(), toPath: capture.path)
        let previous = umask(0o022)
        defer { umask(previous) }

        let run = try Tool.otsensor(["run", "--spool", layout.root.path, "--label", "plant-a"])
        XCTAssertEqual(run.status, 0, run.errorText)

        for folder in [layout.root] + layout.folders {
            XCTAssertEqual(try mode(folder.path), 0o750, folder.path)
        }
        let archives = try FileManager.default.contentsOfDirectory(atPath: layout.outbox.path)
        XCTAssertEqual(archives.count, 1)
        for archive in archives { XCTAssertEqual(try mode(layout.outbox.appendingPathComponent(archive).path), 0o640) }
        let logs = try FileManager.default.contentsOfDirectory(atPath: layout.logs.path)
        for slice in logs {
            let directory = layout.logs.appendingPathComponent(slice)
            XCTAssertEqual(try mode(directory.path), 0o750)
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                XCTAssertEqual(try mode(directory.appendingPathComponent(file).path), 0o640, file)
            }
        }
        XCTAssertEqual(try mode(layout.lockFile.path), 0o600)
    }

    /// A link planted where `send` appends its sent-record, or where a lock is
    /// taken, is refused, and what it points to is left as it was.
    func testLinksPlantedInTheSpoolAreNotFollowed() throws {
        let root = try scratch()
        let layout = SpoolLayout(root: root.appendingPathComponent("spool").path)
        try layout.create()
        let victim = root.appendingPathComponent("victim.txt")
        try Data("untouched\n".utf8).write(to: victim)
        try FileManager.default.createSymbolicLink(at: layout.lockFile, withDestinationURL: victim)
        try FileManager.default.createSymbolicLink(at: layout.sentRecord, withDestinationURL: victim)

        let run = try Tool.otsensor(["run", "--spool", layout.root.path])
        XCTAssertEqual(run.status, 3, run.errorText)
        XCTAssertTrue(run.errorText.contains("symbolic link"), run.errorText)
        XCTAssertThrowsError(try SentRecord(file: layout.sentRecord).append(archive: "a.tar.zst", sha256: "00", at: Date())) {
            XCTAssertTrue("\($0)".contains("symbolic link"), "\($0)")
        }
        XCTAssertEqual(try String(contentsOf: victim, encoding: .utf8), "untouched\n")
        XCTAssertEqual(try mode(victim.path), 0o644, "the link's target keeps its mode")
    }

    /// A password written into the upload URL never reaches a message: not the
    /// problem `config check` reports for a plain-http URL, not the settings it prints.
    func testAPasswordInTheUploadURLIsNeverShown() throws {
        let root = try scratch()
        let config = root.appendingPathComponent("otsensor.toml")
        try Data("[upload]\nurl = \"http://sensor:hunter2@cloud.example/upload\"\n".utf8).write(to: config)
        let check = try Tool.otsensor(["config", "check", "--config", config.path])
        XCTAssertTrue(check.errorText.contains("must be an https:// URL"), check.errorText)
        XCTAssertTrue(check.errorText.contains("sensor:REDACTED@cloud.example"), check.errorText)
        XCTAssertFalse(check.errorText.contains("hunter2") || String(decoding: check.output, as: UTF8.self).contains("hunter2"))
        XCTAssertEqual(URLRedaction.redacted("https://a:b@h/p"), "https://a:REDACTED@h/p")
        XCTAssertEqual(URLRedaction.redacted("https://h/p"), "https://h/p")
    }

    /// `config check` refuses a client key that group or others can read, as
    /// ssh refuses such a private key, and accepts it once it is 0600.
    func testConfigCheckRefusesAKeyOthersCanRead() throws {
        let root = try scratch()
        let key = root.appendingPathComponent("client.key")
        try Data("-----BEGIN PRIVATE KEY-----\nSECRET\n-----END PRIVATE KEY-----\n".utf8).write(to: key)
        XCTAssertEqual(chmod(key.path, 0o644), 0)
        let config = root.appendingPathComponent("otsensor.toml")
        try Data("[upload]\nkey = \"\(key.path)\"\n".utf8).write(to: config)

        let loose = try Tool.otsensor(["config", "check", "--config", config.path])
        XCTAssertEqual(loose.status, 64, loose.errorText)
        XCTAssertTrue(loose.errorText.contains("chmod 600 \(key.path)"), loose.errorText)
        XCTAssertFalse(loose.errorText.contains("SECRET") || String(decoding: loose.output, as: UTF8.self).contains("SECRET"))

        XCTAssertEqual(chmod(key.path, 0o600), 0)
        let tight = try Tool.otsensor(["config", "check", "--config", config.path])
        XCTAssertEqual(tight.status, 0, tight.errorText)
    }
}

import Foundation
import OTSensorCore
import XCTest

/// The `otsensor` executable as cron runs it.
final class CommandTests: XCTestCase {
    private func spool() throws -> SpoolLayout {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-cli-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let layout = SpoolLayout(root: root.path)
        try layout.create()
        return layout
    }

    func testASecondRunWhileOneHoldsTheLockSaysSoAndExitsZero() throws {
        let layout = try spool()
        try Data("not a capture".utf8).write(to: layout.incoming.appendingPathComponent("20261123T104100Z.pcap"))
        var held = try SpoolLock.acquire(layout.lockFile)
        XCTAssertNotNil(held)

        let busy = try Tool.otsensor(["run", "--spool", layout.root.path])
        XCTAssertEqual(busy.status, 0)
        XCTAssertTrue(busy.errorText.contains("another otsensor process holds"), busy.errorText)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: layout.quarantine.path), [], "it touched nothing")

        held = nil
        let free = try Tool.otsensor(["run", "--spool", layout.root.path])
        XCTAssertEqual(free.status, 0, free.errorText)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: layout.quarantine.path).sorted(),
                       ["20261123T104100Z.pcap", "20261123T104100Z.pcap.error.txt"])
    }

    func testConfigCheckPrintsEffectiveSettingsWithFlagsOverridingTheFile() throws {
        let layout = try spool()
        let config = layout.root.appendingPathComponent("otsensor.toml")
        try Data("label = \"from-file\"\n[run]\nzstd_level = 5\n".utf8).write(to: config)

        let check = try Tool.otsensor(["config", "check", "--config", config.path, "--label", "from-flag"])

        XCTAssertEqual(check.status, 0, check.errorText)
        let text = String(decoding: check.output, as: UTF8.self)
        XCTAssertTrue(text.contains("label = \"from-flag\""), text)
        XCTAssertTrue(text.contains("zstd_level = 5"), text)
        XCTAssertTrue(check.errorText.contains("warning: send cannot run: upload.url"), check.errorText)

        try Data("[run]\nzstd_level = 0\n".utf8).write(to: config)
        let bad = try Tool.otsensor(["config", "check", "--config", config.path])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.errorText.contains("run.zstd_level must be 1...22 (is 0)"), bad.errorText)
    }

    func testCleanDryRunListsAndRemovesNothing() throws {
        let layout = try spool()
        let old = layout.captures.appendingPathComponent("old.pcap")
        try Data(count: 10).write(to: old)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-40 * 86_400)], ofItemAtPath: old.path)

        let dry = try Tool.otsensor(["clean", "--spool", layout.root.path, "--keep-days", "30", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.errorText)
        XCTAssertTrue(String(decoding: dry.output, as: UTF8.self).contains("would remove \(old.path) (capture, 10 bytes, age)"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: old.path))

        let real = try Tool.otsensor(["clean", "--spool", layout.root.path, "--keep-days", "30"])
        XCTAssertEqual(real.status, 0, real.errorText)
        XCTAssertFalse(FileManager.default.fileExists(atPath: old.path))
    }

    func testTheSupportBundleHoldsTheFactsButNeverTheKey() throws {
        let layout = try spool()
        let secret = "-----BEGIN PRIVATE KEY-----\nTHIS-IS-THE-SECRET-\(UUID().uuidString)\n-----END PRIVATE KEY-----\n"
        let key = layout.root.appendingPathComponent("client-secret.key")
        try Data(secret.utf8).write(to: key)
        let config = layout.root.appendingPathComponent("otsensor.toml")
        try Data("""
            label = "plant-a"
            [upload]
            url = "https://user:hunter2@cloud.example/upload"
            key = "\(key.path)"
            """.utf8).write(to: config)
        let stats = CaptureStatistics(interface: "eth1", slice: "20261123T104100Z-plant-a", start: Date(), end: Date(),
                                      written: 10, received: 12, dropped: 2, interfaceDropped: 0)
        try stats.encoded().write(to: layout.incoming.appendingPathComponent("20261123T104100Z-plant-a.capture.json"))
        let bundle = layout.root.appendingPathComponent("support.tar.zst")

        let support = try Tool.otsensor(["support", "--config", config.path, "--spool", layout.root.path, "--out", bundle.path])

        XCTAssertEqual(support.status, 0, support.errorText)
        let unpacked = layout.root.appendingPathComponent("bundle")
        try Tool.unpack(bundle, into: unpacked)
        let members = try FileManager.default.contentsOfDirectory(atPath: unpacked.path).sorted()
        XCTAssertEqual(members, ["capture-drops.txt", "configuration.txt", "cpu.txt", "disks.txt", "journal.txt", "kernel.txt",
                                 "memory.txt", "network.txt", "os-release.txt", "otsensor.txt", "spool.txt", "time-sync.txt", "uptime.txt"])
        XCTAssertFalse(members.contains { $0.contains("client-secret") })
        var everything = ""
        for member in members {
            everything += try String(contentsOf: unpacked.appendingPathComponent(member), encoding: .utf8)
        }
        XCTAssertFalse(everything.contains("THIS-IS-THE-SECRET"), "the key's content is nowhere in the bundle")
        XCTAssertFalse(everything.contains("hunter2"), "a password in the URL is redacted")
        XCTAssertFalse(everything.contains("PRIVATE KEY"))
        let configuration = try String(contentsOf: unpacked.appendingPathComponent("configuration.txt"), encoding: .utf8)
        XCTAssertTrue(configuration.contains("key = \"\(key.path)\""), "the key is named by path")
        let drops = try String(contentsOf: unpacked.appendingPathComponent("capture-drops.txt"), encoding: .utf8)
        XCTAssertTrue(drops.contains("20261123T104100Z-plant-a\teth1\t10\t12\t2\t0"), drops)
        XCTAssertTrue(try String(contentsOf: unpacked.appendingPathComponent("network.txt"), encoding: .utf8).contains("/proc/net/dev"))
        XCTAssertTrue(try String(contentsOf: unpacked.appendingPathComponent("spool.txt"), encoding: .utf8).contains("last delivery: none recorded"))
    }
}

/// The executables built beside this test bundle, and the zstd/tar tools.
enum Tool {
    static func binary(_ name: String) throws -> String {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "\(name) beside the tests"])
    }

    /// testdata/sample.pcap, the generator's sample capture.
    static func sampleCapture() throws -> String {
        var root = URL(fileURLWithPath: #filePath)
        while root.path != "/" && !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        return root.appendingPathComponent("testdata/sample.pcap").path
    }

    static func otsensor(_ arguments: [String]) throws -> (status: Int32, output: Data, errorText: String) {
        try run(try binary("otsensor"), arguments)
    }

    static func run(_ path: String, _ arguments: [String],
                    in directory: URL? = nil) throws -> (status: Int32, output: Data, errorText: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, out, String(decoding: err, as: UTF8.self))
    }

    static func unpack(_ archive: URL, into folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tar = folder.deletingLastPathComponent().appendingPathComponent("\(folder.lastPathComponent).tar")
        XCTAssertEqual(try run("/usr/bin/zstd", ["-q", "-d", "-f", archive.path, "-o", tar.path]).status, 0)
        XCTAssertEqual(try run("/usr/bin/tar", ["-x", "-f", tar.path, "-C", folder.path]).status, 0)
    }
}

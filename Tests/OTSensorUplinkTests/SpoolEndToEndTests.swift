import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// The whole chain through the real executables: a generated capture in incoming/ →
/// `otsensor run` → `otsensor send` to nginx → the stored upload unpacks to exactly
/// what process-slice writes for that capture.
final class SpoolEndToEndTests: XCTestCase {
    func testACaptureDroppedInIncomingArrivesAsItsLogsAndManifest() throws {
        let nginx = try NginxFixture()
        try nginx.start()
        let layout = try UploadFixture.makeSpool(for: self)
        let id = "20261123T104100Z-plant-a-sensor-1"
        let capture = layout.root.appendingPathComponent("sample.pcap")
        try SampleCapture.make().write(to: capture.path)
        try FileManager.default.copyItem(at: capture, to: layout.incoming.appendingPathComponent("\(id).pcap"))
        let config = layout.root.appendingPathComponent("otsensor.toml")
        try Data("""
            label = "plant-a-sensor-1"
            spool = "\(layout.root.path)"
            [run]
            zstd_level = 19
            [upload]
            url = "\(nginx.url)"
            ca = "\(nginx.path("ca.pem"))"
            cert = "\(nginx.path("client.pem"))"
            key = "\(nginx.path("client.key"))"
            timeout = 30

            """.utf8).write(to: config)

        let run = try Executables.run("otsensor", ["run", "--config", config.path])
        XCTAssertEqual(run.status, 0, run.errorText)
        let send = try Executables.run("otsensor", ["send", "--config", config.path])
        XCTAssertEqual(send.status, 0, send.errorText)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: layout.outbox.path), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: layout.incoming.path), [])

        let archive = layout.root.appendingPathComponent("uploaded.tar.zst")
        try UploadFixture.uploadedArchive(nginx, fileName: "\(id).tar.zst").write(to: archive)
        let unpacked = layout.root.appendingPathComponent("unpacked")
        try Executables.unpack(archive, into: unpacked)
        let reference = layout.root.appendingPathComponent("reference")
        // run ships redacted process values by default and carries open connections into the next
        // slice; process-slice keeps values and ends every connection unless asked.
        let slice = try Executables.run("process-slice", [capture.path, "--out", reference.path, "--process-values", "redact",
                                                          "--state", layout.root.appendingPathComponent("reference-state").path,
                                                          "--no-progress"])
        XCTAssertEqual(slice.status, 0, slice.errorText)

        let files = try FileManager.default.contentsOfDirectory(atPath: unpacked.path).sorted()
        XCTAssertEqual(files, try FileManager.default.contentsOfDirectory(atPath: reference.path).sorted())
        for file in files {
            XCTAssertEqual(try Data(contentsOf: unpacked.appendingPathComponent(file)),
                           try Data(contentsOf: layout.logDirectory(for: id).appendingPathComponent(file)), "\(file) as run wrote it")
            if file != "manifest.json" {
                XCTAssertEqual(try Data(contentsOf: unpacked.appendingPathComponent(file)),
                               try Data(contentsOf: reference.appendingPathComponent(file)), "\(file) as process-slice writes it")
            }
        }
        XCTAssertEqual(try ComparableManifest.read(unpacked.appendingPathComponent("manifest.json")),
                       try ComparableManifest.read(reference.appendingPathComponent("manifest.json")))
    }
}

/// The executables built beside this test bundle.
enum Executables {
    static func path(_ name: String) throws -> String {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent()] {
            let binary = candidate.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: binary) { return binary }
        }
        throw FixtureError("\(name) is not built beside the tests (run swift build --build-tests)")
    }

    static func run(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: Data, errorText: String) {
        try run(path: try path(name), arguments)
    }

    static func run(path: String, _ arguments: [String]) throws -> (status: Int32, output: Data, errorText: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
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
        let tar = folder.appendingPathComponent("archive.tar")
        let zstd = try run(path: "/usr/bin/zstd", ["-q", "-d", "-f", archive.path, "-o", tar.path])
        XCTAssertEqual(zstd.status, 0, "zstd -d: \(zstd.errorText)")
        let untar = try run(path: "/usr/bin/tar", ["-x", "-f", tar.path, "-C", folder.path])
        XCTAssertEqual(untar.status, 0, "tar -x: \(untar.errorText)")
        try FileManager.default.removeItem(at: tar)
    }
}

import CaptureGenerator
import Foundation
import Logging
import OTSensorCore
import XCTest

/// Scratch directories, spools and helpers shared by the core tests.
enum SpoolFixture {
    /// A scratch directory that is removed when `test` ends.
    static func makeDirectory(_ name: String = "spool", for test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-\(name)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    static func makeSpool(for test: XCTestCase) throws -> SpoolLayout {
        let layout = SpoolLayout(root: try makeDirectory(for: test).path)
        try layout.create()
        return layout
    }

    /// The project's sample capture, written into incoming/ as a complete slice.
    @discardableResult
    static func dropSample(into layout: SpoolLayout, id: String) throws -> URL {
        let url = layout.incoming.appendingPathComponent("\(id).pcap")
        try SampleCapture.make().write(to: url.path)
        return url
    }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    static func setModified(_ url: URL, daysAgo: Double, now: Date = Date()) throws {
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-daysAgo * 86_400)], ofItemAtPath: url.path)
    }

    static func names(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }
}

/// Runs a command-line tool and captures what it printed.
struct ToolRun {
    let status: Int32
    let output: Data
    let errorText: String

    static func run(_ executable: String, _ arguments: [String]) throws -> ToolRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolRun(status: process.terminationStatus, output: outputData, errorText: String(decoding: errorData, as: UTF8.self))
    }

    /// Decompresses a .tar.zst with the zstd and tar command-line tools into `folder`.
    static func unpack(_ archive: URL, into folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tar = folder.appendingPathComponent("archive.tar")
        let zstd = try run("/usr/bin/zstd", ["-q", "-d", "-f", archive.path, "-o", tar.path])
        XCTAssertEqual(zstd.status, 0, "zstd -d: \(zstd.errorText)")
        let untar = try run("/usr/bin/tar", ["-x", "-f", tar.path, "-C", folder.path])
        XCTAssertEqual(untar.status, 0, "tar -x: \(untar.errorText)")
        try FileManager.default.removeItem(at: tar)
    }
}

import Foundation
import OTSensorCore
import XCTest

/// An ArchiveOutput that keeps the bytes, to hand them to the real `tar`.
final class MemoryOutput: ArchiveOutput {
    var bytes = Data()
    func write(_ chunk: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: chunk) }
}

final class TarWriterTests: XCTestCase {
    func testGNUTarListsAndExtractsWhatTheWriterWrote() throws {
        let folder = try SpoolFixture.makeDirectory("tar", for: self)
        let source = folder.appendingPathComponent("big.log")
        let big = Data((0..<1_300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try big.write(to: source)
        let output = MemoryOutput()
        let tar = TarWriter(output: output)
        try tar.addFile(named: "manifest.json", contents: Data("{}\n".utf8), modified: Date(timeIntervalSince1970: 1_700_000_000))
        try tar.addFile(named: "empty.log", contents: Data(), modified: Date(timeIntervalSince1970: 1_700_000_000))
        try tar.addFile(named: "big.log", from: source)
        try tar.finish()
        XCTAssertEqual(output.bytes.count % 512, 0)
        let archive = folder.appendingPathComponent("out.tar")
        try output.bytes.write(to: archive)

        let list = try ToolRun.run("/usr/bin/tar", ["-t", "-f", archive.path])
        XCTAssertEqual(list.status, 0, list.errorText)
        XCTAssertEqual(String(decoding: list.output, as: UTF8.self), "manifest.json\nempty.log\nbig.log\n")
        let verbose = try ToolRun.run("/usr/bin/tar", ["-t", "-v", "--full-time", "--utc", "-f", archive.path])
        XCTAssertTrue(String(decoding: verbose.output, as: UTF8.self).contains("-rw-r--r-- root/root         3 2023-11-14 22:13:20 manifest.json"),
                      String(decoding: verbose.output, as: UTF8.self))
        let extracted = folder.appendingPathComponent("x")
        try FileManager.default.createDirectory(at: extracted, withIntermediateDirectories: true)
        XCTAssertEqual(try ToolRun.run("/usr/bin/tar", ["-x", "-f", archive.path, "-C", extracted.path]).status, 0)
        XCTAssertEqual(try Data(contentsOf: extracted.appendingPathComponent("big.log")), big)
        XCTAssertEqual(try Data(contentsOf: extracted.appendingPathComponent("manifest.json")), Data("{}\n".utf8))
    }

    func testNamesLongerThanUstarAllowsAreRefused() {
        let tar = TarWriter(output: MemoryOutput())
        XCTAssertThrowsError(try tar.addFile(named: String(repeating: "n", count: 101), contents: Data(), modified: Date())) {
            XCTAssertEqual($0 as? TarError, .nameTooLong(String(repeating: "n", count: 101)))
        }
    }
}

import Foundation
import OTSensorCore
import XCTest

final class ZstdFileWriterTests: XCTestCase {
    func testTheZstdToolDecompressesWhatLibzstdWrote() throws {
        let folder = try SpoolFixture.makeDirectory("zstd", for: self)
        let file = folder.appendingPathComponent("data.zst")
        let text = Data((0..<200_000).map { "line \($0) of a very repetitive log\n" }.joined().utf8)
        let writer = try ZstdFileWriter(path: file.path, level: 10)
        // In several pieces, as the tar writer streams them.
        for start in stride(from: 0, to: text.count, by: 1_000_000) {
            try text[start..<min(start + 1_000_000, text.count)].withUnsafeBytes { try writer.write($0) }
        }
        try writer.finish()
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber).intValue
        XCTAssertLessThan(size, text.count / 10, "repetitive text compresses")
        XCTAssertEqual(try ToolRun.run("/usr/bin/zstd", ["-q", "-t", file.path]).status, 0, "checksum verifies")
        let decompressed = try ToolRun.run("/usr/bin/zstd", ["-q", "-d", "-c", file.path])
        XCTAssertEqual(decompressed.status, 0, decompressed.errorText)
        XCTAssertEqual(decompressed.output, text)
    }

    func testAnInvalidLevelIsRefused() throws {
        let file = try SpoolFixture.makeDirectory("zstd", for: self).appendingPathComponent("x.zst")
        XCTAssertThrowsError(try ZstdFileWriter(path: file.path, level: 99))
    }
}

import Foundation
import OTSensorCore
import XCTest

/// What the zstd tool wrote, read back through libzstd's streaming API: several
/// frames, a file cut inside a frame, and one that is not zstd at all.
final class ZstdFileReaderTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try SpoolFixture.makeDirectory("zstd-read", for: self)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd") else {
            throw XCTSkip("the zstd tool is needed to write the test files (apt-get install zstd)")
        }
    }

    private func compressed(_ data: Data, _ name: String) throws -> URL {
        let plain = folder.appendingPathComponent(name)
        try data.write(to: plain)
        let run = try ToolRun.run("/usr/bin/zstd", ["-q", "-f", "-3", plain.path, "-o", plain.path + ".zst"])
        XCTAssertEqual(run.status, 0, run.errorText)
        return URL(fileURLWithPath: plain.path + ".zst")
    }

    private func readAll(_ url: URL, chunk: Int = 4096) throws -> Data {
        let reader = try ZstdFileReader(path: url.path)
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let got = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if got == 0 { return result }
            result.append(contentsOf: buffer[..<got])
        }
    }

    /// Bytes that do not compress (an LCG), so that every 128 KiB block of a frame is a block of its own.
    private func sample(_ count: Int, seed: UInt64) -> Data {
        var state = seed
        return Data((0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        })
    }

    func testTwoConcatenatedFramesReadAsTheirTwoContentsInOrder() throws {
        let first = sample(700_000, seed: 1), second = sample(300_001, seed: 2)
        let a = try compressed(first, "a"), b = try compressed(second, "b")
        let both = folder.appendingPathComponent("both.zst")
        try (try Data(contentsOf: a) + Data(contentsOf: b)).write(to: both)
        XCTAssertTrue(ZstdFileReader.isCompressed(both.path))
        XCTAssertEqual(try readAll(both), first + second)
        XCTAssertEqual(try readAll(both, chunk: 17), first + second, "small reads")
    }

    func testAFileCutInsideAFrameThrowsTruncatedAfterTheBytesBeforeTheCut() throws {
        let data = sample(2_000_000, seed: 3)
        let whole = try compressed(data, "big")
        let cut = folder.appendingPathComponent("cut.zst")
        let bytes = try Data(contentsOf: whole)
        try bytes.prefix(bytes.count / 2).write(to: cut)
        let reader = try ZstdFileReader(path: cut.path)
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        do {
            while true {
                let got = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
                XCTAssertGreaterThan(got, 0, "the end of a cut file is an error, not the end")
                result.append(contentsOf: buffer[..<got])
            }
        } catch let error as ZstdReadError {
            XCTAssertEqual(error, .truncated(cut.path))
        }
        XCTAssertGreaterThan(result.count, 0)
        XCTAssertEqual(result, data.prefix(result.count), "what came before the cut is the data")
    }

    func testDataThatIsNotZstdIsRefused() throws {
        let plain = folder.appendingPathComponent("plain.pcap")
        try Data([0xD4, 0xC3, 0xB2, 0xA1] + [UInt8](repeating: 0, count: 40)).write(to: plain)
        XCTAssertFalse(ZstdFileReader.isCompressed(plain.path))
        let damaged = folder.appendingPathComponent("damaged.zst")
        try Data(ZstdFileReader.magic + [UInt8](repeating: 0xFF, count: 64)).write(to: damaged)
        XCTAssertThrowsError(try readAll(damaged)) { error in
            guard case .corrupt = error as? ZstdReadError else { return XCTFail("\(error)") }
        }
    }
}

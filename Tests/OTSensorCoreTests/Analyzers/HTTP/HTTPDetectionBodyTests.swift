@testable import OTSensorCore
import XCTest

/// Bodies as detection gets them (libhtp's decoding), on streams made by
/// Python's gzip and zlib modules: `gzip.compress(b"hello detection",
/// mtime=0)`, `zlib.compress(...)`, raw deflate (wbits -15), and the gzip
/// stream gzipped again.
final class HTTPDetectionBodyTests: XCTestCase {
    private static let text = Array("hello detection".utf8)
    private static let gzip = hex("1f8b0800000000000203cb48cdc9c95748492d494d2ec9cccf0300adad468b0f000000")
    private static let zlib = hex("789ccb48cdc9c95748492d494d2ec9cccf03002eba05f4")
    private static let raw = hex("cb48cdc9c95748492d494d2ec9cccf0300")
    private static let twice = hex("1f8b080000000000020393efe660000126e6d31e674f9e0cf7f0d4f5f4d53b79e63c33c3dab56eddfc402900372b5f1a23000000")

    private static func hex(_ s: String) -> [UInt8] {
        stride(from: 0, to: s.count, by: 2).map {
            let i = s.index(s.startIndex, offsetBy: $0)
            return UInt8(s[i..<s.index(i, offsetBy: 2)], radix: 16)!
        }
    }

    /// The body after `encoding`, fed in pieces of `piece` bytes.
    private func decoded(_ body: [UInt8], encoding: String?, piece: Int = 5) -> [UInt8] {
        var detection = HTTPDetectionBody()
        if let encoding { detection.contentEncoding(Array(encoding.utf8)) }
        for start in stride(from: 0, to: body.count, by: piece) {
            body[start..<min(body.count, start + piece)].withUnsafeBytes { detection.append($0, trailingCRLF: false) }
        }
        return detection.bytes
    }

    func testEachEncodingDecodesWhateverThePieces() {
        XCTAssertEqual(decoded(Self.gzip, encoding: "gzip"), Self.text)
        XCTAssertEqual(decoded(Self.gzip, encoding: "x-gzip", piece: 1), Self.text, "header split byte by byte")
        XCTAssertEqual(decoded(Self.zlib, encoding: "deflate"), Self.text)
        XCTAssertEqual(decoded(Self.raw, encoding: "x-deflate"), Self.text, "deflate without the zlib header")
        XCTAssertEqual(decoded(Self.text, encoding: nil), Self.text)
    }

    func testDamagedGzipHeaderAndTrailerStillDecode() {
        var reserved = Self.gzip
        reserved[3] |= 0x20
        XCTAssertEqual(decoded(reserved, encoding: "gzip"), Self.text, "a reserved flag bit is ignored")
        var headerCRC = Self.gzip
        headerCRC[3] |= 0x02
        headerCRC.insert(contentsOf: [0, 0], at: 10)
        XCTAssertEqual(decoded(headerCRC, encoding: "gzip"), Self.text, "a wrong header CRC is not checked")
        var trailer = Self.gzip
        trailer[trailer.count - 8] ^= 0xFF
        XCTAssertEqual(decoded(trailer, encoding: "gzip"), Self.text, "a wrong CRC32 is not checked")
    }

    func testLayersAndPassthrough() {
        XCTAssertEqual(decoded(Self.twice, encoding: "gzip, gzip"), Self.text, "two layers")
        XCTAssertEqual(decoded(Self.gzip, encoding: "gzip, gzip"), Self.text,
                       "a second declared layer that does not decode passes its input through")
        XCTAssertEqual(decoded(Self.text, encoding: "gzip"), Self.text, "a plain body under a gzip header")
    }
}

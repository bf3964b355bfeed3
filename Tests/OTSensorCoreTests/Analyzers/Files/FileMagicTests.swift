@testable import OTSensorCore
import XCTest

/// Zeek's file magic: every signature of its default set loads, and the
/// types below are worked by hand from those signatures (the pattern that
/// matches, and the strength that wins).
final class FileMagicTests: XCTestCase {
    private func type(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { FileMagic.zeek.mimeType(of: $0) }
    }

    private func type(_ text: String) -> String? { type(Array(text.utf8)) }

    func testEveryDefaultSignatureLoads() {
        // 374 signatures in the twelve files at zeek/zeek a13de64fbbdb.
        XCTAssertEqual(FileMagic.zeek.signatures.count, 374)
        XCTAssertEqual(Set(FileMagic.zeek.signatures.map(\.name)).count, 374)
    }

    func testCommonWebTypes() {
        // file-xhtml (100) beats file-html (49) and file-plaintext (-20); all say text/html.
        XCTAssertEqual(type("<!DOCTYPE html>\n<html><head></head></html>"), "text/html")
        // file-html2 (20) over file-plaintext (-20).
        XCTAssertEqual(type("\r\n<title>x</title>"), "text/html")
        // file-json (1) over file-plaintext (-20).
        XCTAssertEqual(type("{\"name\": \"value\", \"n\": 1}"), "text/json")
        // Only file-plaintext: ten printable or space characters.
        XCTAssertEqual(type("hello, plain world"), "text/plain")
        XCTAssertNil(type("too short"))
        XCTAssertEqual(type([0x89] + Array("PNG\r\n\u{1A}\n".utf8) + [0, 0, 0, 13]), "image/png")
        XCTAssertEqual(type("GIF89a\u{1}\u{0}\u{1}\u{0}"), "image/gif")
        XCTAssertEqual(type([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), "image/jpeg")
        XCTAssertEqual(type([0x1F, 0x8B, 8, 0, 0, 0, 0, 0]), "application/x-gzip")
        XCTAssertEqual(type("%PDF-1.7\n%\u{E2}\u{E3}"), "application/pdf")
    }

    func testAnchoredAtTheFirstByte() {
        // file-png's /^\x89PNG/ must not match further in.
        XCTAssertEqual(type(Array("xxxxxxxxxx".utf8) + [0x89] + Array("PNG".utf8)), "text/plain")
        XCTAssertNil(type([0x00, 0x89] + Array("PNG".utf8)))
    }

    func testOnlyTheFirstFourKilobytesAreRead() {
        // A JSON object whose key is cut at 4096 bytes no longer looks like JSON.
        let cut = "{\"" + String(repeating: "k", count: FileMagic.sniffLength) + "\": 1}"
        XCTAssertEqual(type(cut), "text/plain")
        XCTAssertEqual(type("{\"" + String(repeating: "k", count: 100) + "\": 1}"), "text/json")
    }

    func testDollarNeverMatchesAsInZeek() {
        // file-json3 (/...(\[\]|\{\})[...]*$/) cannot match: Zeek matches file
        // magic without the end-of-line symbol, so "{}" is not typed at all
        // (and is shorter than plain text's ten characters).
        XCTAssertNil(type("{}"))
        XCTAssertEqual(type("[]        \r\n"), "text/plain")
    }

    func testEqualStrengthsPickTheTypeThatSortsFirst() throws {
        let magic = try FileMagic(files: ["""
            signature b {
            file-magic /abc/
            file-mime "z/type", 5
            }
            """, """
            signature a {
            file-mime "a/type", 5
            file-magic /ab/
            }
            signature c {
            file-mime "weak/type", 4
            file-magic /a/
            }
            """])
        XCTAssertEqual(Array("abc".utf8).withUnsafeBytes { magic.mimeType(of: $0) }, "a/type")
        XCTAssertEqual(Array("ax".utf8).withUnsafeBytes { magic.mimeType(of: $0) }, "weak/type")
    }

    func testMalformedSignaturesAreRefused() {
        XCTAssertThrowsError(try FileMagic(files: ["signature x {\nfile-mime \"a/b\", 1\n}"]))
        XCTAssertThrowsError(try FileMagic(files: ["signature x {\nfile-magic /(/\nfile-mime \"a/b\", 1\n}"]))
        XCTAssertThrowsError(try FileMagic(files: ["signature x {\nfile-magic /a/\nfile-mime \"a/b\", strong\n}"]))
        XCTAssertThrowsError(try FileMagic(files: ["signature x {\nfile-magic /a/\nfile-mime \"a/b\", 1\n"]))
    }
}

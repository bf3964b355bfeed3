@testable import OTSensorCore
import XCTest

/// The QUIC recogniser checks long headers as Zeek's QUIC.spicy parses them.
final class QUICRecognizerTests: XCTestCase {
    func testClientInitialsConfirm() {
        var version1 = QUICRecognizer()
        XCTAssertEqual(version1.feed(QUICTraceBytes.firefoxClientInitial).verdict, .confirmed)
        var version2 = QUICRecognizer()
        XCTAssertEqual(version2.feed(QUICTraceBytes.version2ClientInitial).verdict, .confirmed)
    }

    /// The server's coalesced Initial and Handshake packets parse, but only a
    /// client Initial is decrypted by Zeek, so they decide nothing.
    func testServerInitialAloneStaysUndecided() {
        var recognizer = QUICRecognizer()
        XCTAssertEqual(recognizer.feed(QUICTraceBytes.firefoxServerInitial).verdict, .undecided)
    }

    func testUnknownVersionsViolate() {
        var initial = QUICTraceBytes.firefoxClientInitial[0].bytes
        for version: [UInt8] in [[0, 0, 0, 0], [0x0A, 0x0A, 0x0A, 0x0A], [0xFF, 0x00, 0x00, 0x15]] {
            initial.replaceSubrange(1..<5, with: version)
            var recognizer = QUICRecognizer()
            XCTAssertEqual(recognizer.feed(initial, isOrig: true), .violated(reason: "quic.unhandled_version"))
        }
    }

    func testTruncatedInitialViolates() {
        var recognizer = QUICRecognizer()
        XCTAssertEqual(recognizer.feed(Array(QUICTraceBytes.firefoxClientInitial[0].bytes.prefix(300)), isOrig: true),
                       .violated(reason: "quic.truncated_initial"))
        var header = QUICRecognizer()
        XCTAssertEqual(header.feed(Array(QUICTraceBytes.firefoxClientInitial[0].bytes.prefix(8)), isOrig: true),
                       .violated(reason: "quic.truncated_long_header"))
    }

    /// Zeek requires room for the packet number and the 16-byte
    /// header-protection sample (RFC 9001 §5.4.2).
    func testInitialShorterThanTheSampleViolates() {
        let initial: [UInt8] = [0xC3, 0, 0, 0, 1, 0, 0, 0, 19] + [UInt8](repeating: 0, count: 19)
        var recognizer = QUICRecognizer()
        XCTAssertEqual(recognizer.feed(initial, isOrig: true), .violated(reason: "quic.initial_too_short"))
    }

    func testShortHeadersAndPacketsWithoutTheFixedBitAreSkipped() {
        var recognizer = QUICRecognizer()
        XCTAssertEqual(recognizer.feed([0x43] + [UInt8](repeating: 0xAB, count: 40), isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed([0x80, 0, 0, 0, 9] + [UInt8](repeating: 0, count: 40), isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed(Array("GET / HTTP/1.1\r\n".utf8), isOrig: true), .undecided)
    }

    func testVariableLengthIntegersOfRFC9000AppendixA1() {
        let examples: [([UInt8], UInt64)] = [
            ([0xC2, 0x19, 0x7C, 0x5E, 0xFF, 0x14, 0xE8, 0x8C], 151_288_809_941_952_652),
            ([0x9D, 0x7F, 0x3E, 0x7D], 494_878_333),
            ([0x7B, 0xBD], 15293),
            ([0x25], 37),
            ([0x40, 0x25], 37),
        ]
        for (bytes, value) in examples {
            bytes.withUnsafeBytes { raw in
                var cursor = ByteCursor(raw)
                XCTAssertEqual(QUICRecognizer.readVarInt(&cursor), value)
                XCTAssertTrue(cursor.isAtEnd)
            }
        }
    }
}

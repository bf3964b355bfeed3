@testable import OTSensorCore
import XCTest

/// The QUIC recogniser checks long headers as Zeek's QUIC.spicy parses them
/// and decrypts client Initials as Zeek's decrypt_crypto.cc does.
final class QUICRecognizerTests: XCTestCase {
    /// Each ClientHello's SNI and ALPN as tshark reads them from the
    /// decrypted Initial.
    func testClientInitialsDecryptAndConfirmWithTheirClientHello() {
        var version1 = QUICRecognizer()
        XCTAssertEqual(version1.feed(QUICTraceBytes.firefoxClientInitial).verdict, .confirmed)
        XCTAssertEqual(version1.clientHello?.serverName, "blog.cloudflare.com")
        XCTAssertEqual(version1.clientHello?.alpnProtocols, ["h3"])
        // Zeek's SSL analyzer inside QUIC confirms on that ClientHello: "quic,ssl".
        XCTAssertEqual(version1.innerServices, ["ssl"])
        var version2 = QUICRecognizer()
        XCTAssertEqual(version2.feed(QUICTraceBytes.version2ClientInitial).verdict, .confirmed)
        XCTAssertNil(version2.clientHello?.serverName)
        XCTAssertEqual(version2.clientHello?.alpnProtocols, ["h3"])
    }

    func testShuffledCryptoFramesAreReassembled() {
        var recognizer = QUICRecognizer()
        XCTAssertEqual(recognizer.feed(QUICTraceBytes.chromiumShuffledCrypto).verdict, .confirmed)
        XCTAssertEqual(recognizer.clientHello?.serverName, "www.google.de")
        XCTAssertEqual(recognizer.clientHello?.alpnProtocols, ["h3"])
    }

    func testClientHelloSplitOverInitialsConfirmsWhenWhole() {
        var recognizer = QUICRecognizer()
        let outcome = recognizer.feed(QUICTraceBytes.initialsSplitClientHello)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, 2)
        XCTAssertEqual(recognizer.clientHello?.serverName, "googleads.g.doubleclick.net")
    }

    /// With the ClientHello unfinished, the server's answer confirms: the
    /// client's first Initial decrypted, which is Zeek's confirmation.
    func testServerAnswerConfirmsADecryptedInitialWithoutAWholeClientHello() {
        var recognizer = QUICRecognizer()
        XCTAssertEqual(recognizer.feed(Array(QUICTraceBytes.initialsSplitClientHello.prefix(1))).verdict, .undecided)
        XCTAssertEqual(recognizer.feed(QUICTraceBytes.firefoxServerInitial).verdict, .confirmed)
        XCTAssertNil(recognizer.clientHello)
    }

    /// A byte changed in the protected payload fails authentication, which
    /// Zeek reports as "decryption failed".
    func testInitialThatDoesNotDecryptViolates() {
        var initial = QUICTraceBytes.firefoxClientInitial[0].bytes
        initial[200] ^= 0x01
        var recognizer = QUICRecognizer()
        XCTAssertEqual(recognizer.feed(initial, isOrig: true), .violated(reason: "quic.decryption_failed"))
    }

    /// The server's coalesced Initial and Handshake packets parse, but only
    /// the client's Initials are decrypted, so they decide nothing.
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

    /// The client Initial keys of RFC 9001 appendix A.1 and RFC 9369
    /// appendix A.1, for Destination Connection ID 0x8394c8f03e515708.
    func testInitialKeysOfTheRFCExamples() {
        let connectionID = hexBytes("8394c8f03e515708")
        let version1 = QUICInitialProtection(version: QUICRecognizer.version1, destinationConnectionID: connectionID)
        XCTAssertEqual(version1.key, hexBytes("1f369613dd76d5467730efcbe3b1a22d"))
        XCTAssertEqual(version1.iv, hexBytes("fa044b2f42a3fd3b46fb255c"))
        XCTAssertEqual(version1.headerProtection, hexBytes("9f50449e04a0e810283a1e9933adedd2"))
        let version2 = QUICInitialProtection(version: QUICRecognizer.version2, destinationConnectionID: connectionID)
        XCTAssertEqual(version2.key, hexBytes("8b1a0bc121284290a29e0971b5cd045d"))
        XCTAssertEqual(version2.iv, hexBytes("91f73e2351d8fa91660e909f"))
        XCTAssertEqual(version2.headerProtection, hexBytes("45b95e15235d6f45a6b19cbcb0294ba9"))
    }
}

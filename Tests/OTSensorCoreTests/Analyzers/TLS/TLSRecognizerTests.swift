@testable import OTSensorCore
import XCTest

/// The TLS recogniser confirms and violates where Zeek's SSL analyzer does
/// (ssl-protocol.pac, tls-handshake-analyzer.pac), and reads SNI and ALPN as
/// tshark reads them from the same ClientHellos.
final class TLSRecognizerTests: XCTestCase {
    func testClientHelloConfirmsAndExposesSNIAndALPNAsTsharkReadsThem() {
        var recognizer = TLSRecognizer()
        XCTAssertEqual(recognizer.feed(TLSTraceBytes.pppoeClientHello).verdict, .confirmed)
        XCTAssertEqual(recognizer.clientHello?.serverName, "xp.apple.com")
        XCTAssertEqual(recognizer.clientHello?.alpnProtocols,
                       ["h2", "h2-16", "h2-15", "h2-14", "spdy/3.1", "spdy/3", "http/1.1"])
        XCTAssertEqual(recognizer.clientHello?.version, 0x0303)

        var tunnelled = TLSRecognizer()
        XCTAssertEqual(tunnelled.feed(TLSTraceBytes.connectClientHello).verdict, .confirmed)
        XCTAssertEqual(tunnelled.clientHello?.serverName, "secure.newegg.com")
        XCTAssertEqual(tunnelled.clientHello?.alpnProtocols, ["h2", "spdy/3.1", "http/1.1"])
    }

    func testClientHelloWithoutExtensionsOfInterestConfirmsWithoutSNI() {
        var recognizer = TLSRecognizer()
        let outcome = recognizer.feed(TLSTraceBytes.port502ClientHello)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, 0)
        XCTAssertNil(recognizer.clientHello?.serverName)
        XCTAssertEqual(recognizer.clientHello?.alpnProtocols, [])
    }

    func testClientHelloSplitAcrossSegmentsConfirmsOnItsLastByte() {
        for size in [1, 3, 5, 7, 100] {
            var recognizer = TLSRecognizer()
            let outcome = recognizer.feed(TLSTraceBytes.pppoeClientHello, pieceSize: size)
            XCTAssertEqual(outcome.verdict, .confirmed, "pieces of \(size)")
            XCTAssertEqual(outcome.decidedAt, pieceCount(TLSTraceBytes.pppoeClientHello, size: size) - 1)
            XCTAssertEqual(recognizer.clientHello?.serverName, "xp.apple.com")
        }
    }

    /// Zeek confirms only on a ClientHello: a server's hello and
    /// certificates are accepted without a verdict.
    func testServerHelloAloneStaysUndecided() {
        var recognizer = TLSRecognizer()
        XCTAssertEqual(recognizer.feed(TLSTraceBytes.pppoeServerHello).verdict, .undecided)
    }

    /// An SSLv2-compatible ClientHello (RFC 5246 appendix E.2) announcing TLS
    /// 1.0; tshark decodes these bytes as "SSLv2 Record Layer: Client Hello",
    /// 7 cipher specs, a 16-byte challenge.
    static let sslV2ClientHello = hexBytes("""
        802e0103010015000000100100800300800700c0060040040080020080000039000038000035
        ad7a6f0d6a8e0d35ca2c1f84d6d1b55e
        """)

    func testSSLv2CompatibleClientHelloConfirms() {
        var recognizer = TLSRecognizer()
        XCTAssertEqual(recognizer.feed(Array(Self.sslV2ClientHello.prefix(30)), isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed(Array(Self.sslV2ClientHello.dropFirst(30)), isOrig: true), .confirmed)
        XCTAssertEqual(recognizer.clientHello?.version, 0x0301)
    }

    func testSSLv2ClientHelloWithUnknownVersionViolates() {
        var hello = Self.sslV2ClientHello
        hello[3] = 0x05
        var recognizer = TLSRecognizer()
        XCTAssertEqual(recognizer.feed(hello, isOrig: true), .violated(reason: "ssl.invalid_v2_client_hello_version"))
    }

    /// An SSLv2 client hello from the responder is no SSLv2 server hello:
    /// Zeek reports invalid headers.
    func testSSLv2ClientHelloFromResponderViolates() {
        var recognizer = TLSRecognizer()
        XCTAssertEqual(recognizer.feed(Self.sslV2ClientHello, isOrig: false), .violated(reason: "ssl.invalid_headers"))
    }

    func testOtherProtocolsViolateAtTheRecordHeader() {
        let others: [(String, [UInt8], String)] = [
            ("HTTP", Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8), "ssl.invalid_record_version"),
            ("SSH", Array("SSH-2.0-OpenSSH_9.7\r\n".utf8), "ssl.invalid_record_version"),
            ("record type 5", [0x05, 0x03, 0x01, 0x00, 0x01, 0x00], "ssl.invalid_record_type"),
            ("record type 25", [0x19, 0x03, 0x03, 0x00, 0x01, 0x00], "ssl.unknown_record_type"),
            ("TLS 1.3 record version", [0x16, 0x03, 0x04, 0x00, 0x01, 0x00], "ssl.invalid_record_version"),
        ]
        for (name, bytes, reason) in others {
            var recognizer = TLSRecognizer()
            XCTAssertEqual(recognizer.feed(bytes, isOrig: true), .violated(reason: reason), name)
        }
    }

    func testClientHelloWithUnsupportedVersionViolates() {
        var hello = TLSTraceBytes.pppoeClientHello[0].bytes
        hello[9] = 0x02
        hello[10] = 0x00
        var recognizer = TLSRecognizer()
        XCTAssertEqual(recognizer.feed(hello, isOrig: true), .violated(reason: "ssl.unsupported_client_version"))
    }

    func testUnknownHandshakeMessageViolates() {
        var recognizer = TLSRecognizer()
        let record: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0x04, 0x63, 0x00, 0x00, 0x00]
        XCTAssertEqual(recognizer.feed(record, isOrig: true), .violated(reason: "ssl.unknown_handshake_message"))
    }

    /// The last extension claims more bytes than the ClientHello holds.
    func testClientHelloWithExtensionPastItsEndViolates() {
        var hello = TLSTraceBytes.port502ClientHello[0].bytes
        hello[hello.count - 2] = 0xFF
        var recognizer = TLSRecognizer()
        XCTAssertEqual(recognizer.feed(hello, isOrig: true), .violated(reason: "ssl.malformed_client_hello"))
    }

    func testTruncatedClientHelloStaysUndecided() {
        var recognizer = TLSRecognizer()
        XCTAssertEqual(recognizer.feed(Array(TLSTraceBytes.pppoeClientHello[0].bytes.prefix(300)), isOrig: true),
                       .undecided)
        XCTAssertNil(recognizer.clientHello)
    }

    /// Zeek's SSL analyzer stops parsing after a content gap, with no verdict.
    func testAfterAGapNothingIsDecided() {
        var recognizer = TLSRecognizer()
        XCTAssertEqual(recognizer.gap(length: 100, isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed(TLSTraceBytes.pppoeClientHello).verdict, .undecided)
    }
}

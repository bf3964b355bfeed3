@testable import OTSensorCore
import XCTest

/// The LDAP recognisers confirm on one whole LDAPMessage and violate on BER
/// that is no LDAPMessage, as Zeek's ldap.spicy does.
final class LDAPRecognizerTests: XCTestCase {
    func testBindRequestConfirms() {
        var recognizer = LDAPTCPRecognizer()
        let outcome = recognizer.feed(LDAPTraceBytes.whoAmI)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, 0)
    }

    func testMessageSplitAcrossSegmentsConfirmsOnItsLastByte() {
        for size in [1, 2, 5, 43] {
            var recognizer = LDAPTCPRecognizer()
            let outcome = recognizer.feed(Array(LDAPTraceBytes.whoAmI.prefix(1)), pieceSize: size)
            XCTAssertEqual(outcome.verdict, .confirmed, "pieces of \(size)")
            XCTAssertEqual(outcome.decidedAt, pieceCount(Array(LDAPTraceBytes.whoAmI.prefix(1)), size: size) - 1)
        }
    }

    func testResponsesConfirmToo() {
        var recognizer = LDAPTCPRecognizer()
        XCTAssertEqual(recognizer.feed(LDAPTraceBytes.whoAmI.filter { !$0.isOrig }).verdict, .confirmed)
    }

    /// CLDAP carries the same LDAPMessage in one datagram.
    func testDatagramsHoldWholeMessages() {
        let bind = LDAPTraceBytes.whoAmI[0].bytes
        var whole = LDAPUDPRecognizer()
        XCTAssertEqual(whole.feed(bind, isOrig: true), .confirmed)
        var cut = LDAPUDPRecognizer()
        XCTAssertEqual(cut.feed(Array(bind.prefix(20)), isOrig: true), .violated(reason: "ldap.truncated_message"))
        var headerOnly = LDAPUDPRecognizer()
        XCTAssertEqual(headerOnly.feed(Array(bind.prefix(3)), isOrig: true), .violated(reason: "ldap.truncated_message"))
    }

    func testOtherBERAndOtherProtocolsViolate() {
        let cases: [(String, [UInt8], String)] = [
            ("HTTP", Array("GET / HTTP/1.1\r\n".utf8), "ldap.not_a_sequence"),
            ("OCTET STRING messageID", [0x30, 0x05, 0x04, 0x01, 0x01, 0x42, 0x00], "ldap.no_message_id"),
            ("context protocolOp", [0x30, 0x05, 0x02, 0x01, 0x01, 0x82, 0x00], "ldap.no_protocol_op"),
            ("APPLICATION 30", [0x30, 0x05, 0x02, 0x01, 0x01, 0x5E, 0x00], "ldap.unknown_operation"),
            ("operation past message", [0x30, 0x05, 0x02, 0x01, 0x01, 0x42, 0x09], "ldap.operation_past_message"),
        ]
        for (name, bytes, reason) in cases {
            var tcp = LDAPTCPRecognizer()
            XCTAssertEqual(tcp.feed(bytes, isOrig: true), .violated(reason: reason), name)
            var udp = LDAPUDPRecognizer()
            XCTAssertEqual(udp.feed(bytes, isOrig: true), .violated(reason: reason), name)
        }
    }

    /// An unbind request (RFC 4511 §4.3: [APPLICATION 2] NULL) with a
    /// long-form length is a whole message.
    func testLongFormLengthsAreRead() {
        var recognizer = LDAPTCPRecognizer()
        XCTAssertEqual(recognizer.feed([0x30, 0x81, 0x05, 0x02, 0x01, 0x03, 0x42, 0x00], isOrig: true), .confirmed)
    }

    /// After a bind with SASL security layers the messages are wrapped; the
    /// TCP recogniser judges nothing after the first message.
    func testNothingIsJudgedAfterTheFirstMessage() {
        var recognizer = LDAPTCPRecognizer()
        XCTAssertEqual(recognizer.feed(LDAPTraceBytes.whoAmI[0].bytes, isOrig: true), .confirmed)
        XCTAssertEqual(recognizer.feed([0, 0, 0, 40, 5, 4], isOrig: true), .confirmed)
    }

    /// RFC 4511 §4.14: the StartTLS extended request (its OID as the
    /// requestName [0]) and a success response switch Zeek's LDAP analyzer to
    /// its SSL analyzer, whose ClientHello confirmation adds "ssl".
    private static let startTLSRequest: [UInt8] = [0x30, 0x1D, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16]
        + Array("1.3.6.1.4.1.1466.20037".utf8)

    private static func extendedResponse(resultCode: UInt8) -> [UInt8] {
        [0x30, 0x0C, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0A, 0x01, resultCode, 0x04, 0x00, 0x04, 0x00]
    }

    func testStartTLSThenAHandshakeAddsSSL() {
        var recognizer = LDAPTCPRecognizer()
        XCTAssertEqual(recognizer.feed(Self.startTLSRequest, isOrig: true), .confirmed)
        XCTAssertEqual(recognizer.feed(Self.extendedResponse(resultCode: 0), isOrig: false), .confirmed)
        XCTAssertEqual(recognizer.innerServices, [])
        for payload in TLSTraceBytes.pppoeClientHello { _ = recognizer.feed(payload.bytes, isOrig: true) }
        XCTAssertEqual(recognizer.innerServices, ["ssl"])
    }

    func testARefusedStartTLSKeepsLDAP() {
        var recognizer = LDAPTCPRecognizer()
        _ = recognizer.feed(Self.startTLSRequest, isOrig: true)
        // resultCode 2, protocolError: no switch, the ClientHello is not TLS to Zeek here.
        _ = recognizer.feed(Self.extendedResponse(resultCode: 2), isOrig: false)
        for payload in TLSTraceBytes.pppoeClientHello { _ = recognizer.feed(payload.bytes, isOrig: true) }
        XCTAssertEqual(recognizer.innerServices, [])
    }

    /// A SASL bind (authentication [3]) with mechanism NTLM whose credentials
    /// are an NTLMSSP NEGOTIATE message: Zeek's NTLM analyzer confirms.
    func testAnNTLMSASLBindAddsNTLM() {
        let negotiate: [UInt8] = Array("NTLMSSP".utf8) + [0, 1, 0, 0, 0, 0x07, 0x82, 0x08, 0xA2]
        func bind(mechanism: String) -> [UInt8] {
            let sasl: [UInt8] = [0x04, UInt8(mechanism.utf8.count)] + Array(mechanism.utf8) + [0x04, 0x10] + negotiate
            let operation: [UInt8] = [0x02, 0x01, 0x03, 0x04, 0x00, 0xA3, UInt8(sasl.count)] + sasl
            let body: [UInt8] = [0x02, 0x01, 0x01, 0x60, UInt8(operation.count)] + operation
            return [0x30, UInt8(body.count)] + body
        }
        var ntlm = LDAPTCPRecognizer()
        XCTAssertEqual(ntlm.feed(bind(mechanism: "NTLM"), isOrig: true), .confirmed)
        XCTAssertEqual(ntlm.innerServices, ["ntlm"])
        var spnego = LDAPTCPRecognizer()
        _ = spnego.feed(bind(mechanism: "GSS-SPNEGO"), isOrig: true)
        XCTAssertEqual(spnego.innerServices, ["ntlm"])
        var other = LDAPTCPRecognizer()
        _ = other.feed(bind(mechanism: "DIGEST-MD5"), isOrig: true)
        XCTAssertEqual(other.innerServices, [])
    }
}

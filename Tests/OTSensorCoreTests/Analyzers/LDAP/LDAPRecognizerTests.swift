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
}

@testable import OTSensorCore
import XCTest

/// The SOCKS recogniser follows Zeek's socks-protocol.pac message by message.
final class SOCKSRecognizerTests: XCTestCase {
    /// socks-auth-10080.pcap: the reply to CONNECT, the last payload, confirms.
    func testSOCKS5SessionWithPasswordConfirmsAtTheConnectReply() {
        var recognizer = SOCKSRecognizer()
        let outcome = recognizer.feed(SOCKSTraceBytes.authSession)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, SOCKSTraceBytes.authSession.count - 1)
    }

    /// Zeek's grammar reads each delivery as one message: a request cut in
    /// two fails to parse, and Zeek reports a violation.
    func testMessageSplitAcrossSegmentsViolatesAsInZeek() {
        var recognizer = SOCKSRecognizer()
        XCTAssertEqual(recognizer.feed(Array(SOCKSTraceBytes.authSession.prefix(4))).verdict, .undecided)
        let connect = SOCKSTraceBytes.authSession[4].bytes
        XCTAssertEqual(recognizer.feed(Array(connect.prefix(5)), isOrig: true),
                       .violated(reason: "socks.truncated_message"))
    }

    /// SOCKS 4 request: version 4, CONNECT, port 80, 192.168.0.1, user "bob".
    /// Its real reply starts with version byte 0, which Zeek's grammar reads
    /// as an unknown version.
    func testSOCKS4AsZeekParsesIt() {
        var recognizer = SOCKSRecognizer()
        let request: [UInt8] = [4, 1, 0, 80, 192, 168, 0, 1] + Array("bob".utf8) + [0]
        XCTAssertEqual(recognizer.feed(request, isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed([0, 0x5A, 0, 80, 192, 168, 0, 1], isOrig: false),
                       .violated(reason: "socks.unknown_version"))
        var versioned = SOCKSRecognizer()
        XCTAssertEqual(versioned.feed([4, 0, 0x5A, 0, 80, 192, 168, 0, 1], isOrig: false), .confirmed)
    }

    func testSOCKS4ARequestNeedsItsHostName() {
        var recognizer = SOCKSRecognizer()
        XCTAssertEqual(recognizer.feed([4, 1, 0, 80, 0, 0, 0, 1, 0] + Array("example.org".utf8), isOrig: true),
                       .violated(reason: "socks.truncated_request"))
    }

    func testInvalidSOCKS5RequestsViolate() {
        let requests: [([UInt8], String)] = [
            ([5, 1, 1, 1, 10, 0, 0, 1, 0, 22], "socks.reserved_not_zero"),
            ([5, 9, 0, 1, 10, 0, 0, 1, 0, 22], "socks.unknown_command"),
            ([5, 1, 0, 5, 10, 0, 0, 1, 0, 22], "socks.unknown_address_type"),
        ]
        for (request, reason) in requests {
            var recognizer = SOCKSRecognizer()
            XCTAssertEqual(recognizer.feed([5, 1, 0], isOrig: true), .undecided)
            XCTAssertEqual(recognizer.feed([5, 0], isOrig: false), .undecided)
            XCTAssertEqual(recognizer.feed(request, isOrig: true), .violated(reason: reason))
        }
    }

    func testOtherProtocolsViolate() {
        var http = SOCKSRecognizer()
        XCTAssertEqual(http.feed(Array("GET / HTTP/1.1\r\n".utf8), isOrig: true), .violated(reason: "socks.unknown_version"))
        var tls = SOCKSRecognizer()
        XCTAssertEqual(tls.feed(TLSTraceBytes.pppoeClientHello).verdict, .violated(reason: "socks.unknown_version"))
    }

    /// A domain-name CONNECT without authentication, and its reply.
    func testDomainNameConnectConfirms() {
        var recognizer = SOCKSRecognizer()
        let session: [TracePayload] = [
            TracePayload(isOrig: true, bytes: [5, 1, 0]),
            TracePayload(isOrig: false, bytes: [5, 0]),
            TracePayload(isOrig: true, bytes: [5, 1, 0, 3, 11] + Array("example.org".utf8) + [1, 187]),
            TracePayload(isOrig: false, bytes: [5, 0, 0, 4] + [UInt8](repeating: 0, count: 16) + [0, 0]),
        ]
        let outcome = recognizer.feed(session)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, 3)
    }

    /// After the reply the connection carries the proxied protocol (here
    /// SSH), which Zeek hands to other analyzers.
    func testProxiedBytesAfterTheReplyAreNotJudged() {
        var recognizer = SOCKSRecognizer()
        XCTAssertEqual(recognizer.feed(SOCKSTraceBytes.authSession).verdict, .confirmed)
        XCTAssertEqual(recognizer.feed(Array("SSH-2.0-OpenSSH\r\n".utf8), isOrig: false), .confirmed)
    }
}

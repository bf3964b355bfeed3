@testable import OTSensorCore
import XCTest

/// The FTP recogniser confirms on the client's first command and violates
/// on a malformed server reply, as Zeek's FTP.cc does.
final class FTPRecognizerTests: XCTestCase {
    /// ipv4.pcap: the 220 greeting is accepted, USER confirms.
    func testSessionConfirmsAtTheFirstCommand() {
        var recognizer = FTPRecognizer()
        let outcome = recognizer.feed(FTPTraceBytes.ipv4Session)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, 1)
    }

    func testCommandSplitAcrossSegmentsConfirmsAtItsLineEnd() {
        var recognizer = FTPRecognizer()
        let outcome = recognizer.feed(Array(FTPTraceBytes.ipv4Session.prefix(2)), pieceSize: 3)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, pieceCount(Array(FTPTraceBytes.ipv4Session.prefix(2)), size: 3) - 1)
    }

    /// The server's replies alone, including the 230- reply whose inner lines
    /// start with spaces and ASCII art, are valid FTP: no verdict.
    func testServerRepliesIncludingAMultiLineReplyAreAccepted() {
        var recognizer = FTPRecognizer()
        let replies = FTPTraceBytes.ipv4Session.filter { !$0.isOrig }
        XCTAssertEqual(recognizer.feed(replies).verdict, .undecided)
        XCTAssertEqual(recognizer.feed(replies, pieceSize: 7).verdict, .undecided)
    }

    func testMalformedRepliesViolate() {
        let replies: [(String, String)] = [
            ("HTTP/1.1 200 OK\r\n", "ftp.non_numeric_reply_code"),
            ("SSH-2.0-OpenSSH\r\n", "ftp.non_numeric_reply_code"),
            ("099 low\r\n", "ftp.invalid_reply_code"),
            ("220x greeting\r\n", "ftp.invalid_reply_line"),
        ]
        for (line, reason) in replies {
            var recognizer = FTPRecognizer()
            XCTAssertEqual(recognizer.feed(Array(line.utf8), isOrig: false), .violated(reason: reason), line)
        }
    }

    func testShortBareOrEmptyLinesAreNotJudged() {
        var recognizer = FTPRecognizer()
        XCTAssertEqual(recognizer.feed(Array("220\r\n\r\n".utf8), isOrig: false), .undecided)
        XCTAssertEqual(recognizer.feed(Array("ab\r\n\r\n \t\r\n".utf8), isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed(Array((String(repeating: "A", count: 101) + "\r\n").utf8), isOrig: true),
                       .undecided)
        XCTAssertEqual(recognizer.feed(Array("\u{1}BC x\r\n".utf8), isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed(Array("  pwd\r\n".utf8), isOrig: true), .confirmed)
    }

    /// An unfinished line decides nothing, whatever it starts with.
    func testUnfinishedLineStaysUndecided() {
        var recognizer = FTPRecognizer()
        XCTAssertEqual(recognizer.feed(Array("USER anonymous".utf8), isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed(Array("garbage".utf8), isOrig: false), .undecided)
    }

    /// After a gap the cut line's tail is skipped, then lines count again.
    func testGapSkipsTheCutLine() {
        var recognizer = FTPRecognizer()
        XCTAssertEqual(recognizer.gap(length: 5, isOrig: false), .undecided)
        XCTAssertEqual(recognizer.feed(Array("ail of a line\r\n220 ok\r\n".utf8), isOrig: false), .undecided)
        XCTAssertEqual(recognizer.feed(Array("oops\r\n".utf8), isOrig: false),
                       .violated(reason: "ftp.non_numeric_reply_code"))
    }

    /// ftp-missing-reply-code.pcap (Zeek's Traces/ftp): USER confirms, and
    /// the later reply "SYST not supported" violates; Zeek's conn.log for it
    /// has no service.
    func testLaterMalformedReplyViolatesAfterConfirmation() {
        let session: [TracePayload] = [
            .resp(text: "220 py.fake ready\r\n"), .orig(text: "USER zeek\r\n"), .resp(text: "230 USER OK\r\n"),
            .orig(text: "PASS zeek\r\n"), .resp(text: "230 PASS OK\r\n"), .orig(text: "SYST\r\n"),
            .resp(text: "SYST not supported\r\n"),
        ]
        var recognizer = FTPRecognizer()
        var verdicts: [RecognizerVerdict] = []
        for payload in session { verdicts.append(recognizer.feed(payload.bytes, isOrig: payload.isOrig)) }
        XCTAssertEqual(verdicts.first { $0 != .undecided }, .confirmed)
        XCTAssertEqual(verdicts.last, .violated(reason: "ftp.non_numeric_reply_code"))
    }

    /// After AUTH TLS and its 234 reply the server's TLS records are not
    /// judged as replies (FTP.cc `tls_active`); after another AUTH they are.
    func testTLSAfterAuthTLSIsNotJudged() {
        let serverHello = TLSTraceBytes.pppoeServerHello[0].bytes
        var recognizer = FTPRecognizer()
        XCTAssertEqual(recognizer.feed(Array("AUTH TLS\r\n".utf8), isOrig: true), .confirmed)
        XCTAssertEqual(recognizer.feed(Array("234 Proceed with negotiation.\r\n".utf8), isOrig: false), .confirmed)
        XCTAssertEqual(recognizer.feed(serverHello, isOrig: false), .confirmed)
        var other = FTPRecognizer()
        XCTAssertEqual(other.feed(Array("AUTH SSL\r\n".utf8), isOrig: true), .confirmed)
        XCTAssertEqual(other.feed(Array("234 ok\r\n".utf8) + serverHello, isOrig: false),
                       .violated(reason: "ftp.non_numeric_reply_code"))
    }

    /// Zeek's SSL analyzer takes the stream after AUTH TLS's 234 reply: its
    /// confirmation on the ClientHello adds "ssl" after "ftp" (ftp-auth-tls).
    func testTheTLSHandshakeAfterAuthTLSAddsSSL() {
        var recognizer = FTPRecognizer()
        XCTAssertEqual(recognizer.feed(Array("AUTH TLS\r\n".utf8), isOrig: true), .confirmed)
        XCTAssertEqual(recognizer.feed(Array("234 Proceed with negotiation.\r\n".utf8), isOrig: false), .confirmed)
        XCTAssertEqual(recognizer.innerServices, [])
        for payload in TLSTraceBytes.pppoeClientHello {
            XCTAssertEqual(recognizer.feed(payload.bytes, isOrig: true), .confirmed)
        }
        XCTAssertEqual(recognizer.innerServices, ["ssl"])
        var refused = FTPRecognizer()
        XCTAssertEqual(refused.feed(Array("AUTH TLS\r\n".utf8), isOrig: true), .confirmed)
        XCTAssertEqual(refused.feed(Array("534 no\r\n".utf8), isOrig: false), .confirmed)
        XCTAssertEqual(refused.feed(Array("USER x\r\n".utf8), isOrig: true), .confirmed)
        XCTAssertEqual(refused.innerServices, [])
    }
}

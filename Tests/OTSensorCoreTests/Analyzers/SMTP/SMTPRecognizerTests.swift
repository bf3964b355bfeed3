@testable import OTSensorCore
import XCTest

/// The SMTP recogniser confirms on the client's first known command and
/// violates on a server line without a reply code, as Zeek's SMTP.cc does.
final class SMTPRecognizerTests: XCTestCase {
    /// rfc3030-bdat-example1.pcap: the greeting is accepted, EHLO confirms.
    func testSessionConfirmsAtEHLO() {
        var recognizer = SMTPRecognizer()
        let outcome = recognizer.feed(SMTPTraceBytes.bdatSession)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, 1)
    }

    func testSessionSplitAcrossSegments() {
        var recognizer = SMTPRecognizer()
        let firstTwo = Array(SMTPTraceBytes.bdatSession.prefix(2))
        let outcome = recognizer.feed(firstTwo, pieceSize: 4)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, pieceCount(firstTwo, size: 4) - 1)
    }

    func testServerRepliesAloneAreAccepted() {
        var recognizer = SMTPRecognizer()
        XCTAssertEqual(recognizer.feed(SMTPTraceBytes.bdatSession.filter { !$0.isOrig }).verdict, .undecided)
    }

    func testCommandsAreMatchedWholeAndInAnyCase() {
        for line in ["helo example.org\r\n", "MAIL FROM:<a@b>\r\n", "StartTLS\r\n", "X-ANONYMOUSTLS\r\n", "QUIT\n"] {
            var recognizer = SMTPRecognizer()
            XCTAssertEqual(recognizer.feed(Array(line.utf8), isOrig: true), .confirmed, line)
        }
        for line in ["GET / HTTP/1.1\r\n", "EHLOX\r\n", " EHLO x\r\n", "\r\n", "USER bob\r\n"] {
            var recognizer = SMTPRecognizer()
            XCTAssertEqual(recognizer.feed(Array(line.utf8), isOrig: true), .undecided, line)
        }
    }

    func testServerLinesWithoutAReplyCodeViolate() {
        for line in ["HTTP/1.1 400 Bad Request\r\n", "600 too high\r\n", "099 too low\r\n", "\r\n", "SSH-2.0-x\r\n"] {
            var recognizer = SMTPRecognizer()
            XCTAssertEqual(recognizer.feed(Array(line.utf8), isOrig: false),
                           .violated(reason: "smtp.reply_code_out_of_range"), line)
        }
    }

    /// After a gap Zeek holds the client's line until the server replies.
    func testAfterAGapTheClientConfirmsOnlyAfterAReply() {
        var recognizer = SMTPRecognizer()
        XCTAssertEqual(recognizer.gap(length: 10, isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed(Array("end of a cut line\r\nRSET\r\n".utf8), isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed(Array("250 ok\r\n".utf8), isOrig: false), .undecided)
        XCTAssertEqual(recognizer.feed(Array("NOOP\r\n".utf8), isOrig: true), .confirmed)
    }

    /// After STARTTLS and its 220 reply the server's TLS records are not
    /// judged as replies (SMTP.cc `StartTLS`); a refusal keeps lines judged.
    func testTLSAfterStartTLSIsNotJudged() {
        let serverHello = TLSTraceBytes.pppoeServerHello[0].bytes
        var recognizer = SMTPRecognizer()
        XCTAssertEqual(recognizer.feed(Array("STARTTLS\r\n".utf8), isOrig: true), .confirmed)
        XCTAssertEqual(recognizer.feed(Array("220 2.0.0 Ready to start TLS\r\n".utf8) + serverHello, isOrig: false),
                       .confirmed)
        var refused = SMTPRecognizer()
        XCTAssertEqual(refused.feed(Array("STARTTLS\r\n".utf8), isOrig: true), .confirmed)
        XCTAssertEqual(refused.feed(Array("454 TLS not available\r\n".utf8) + serverHello, isOrig: false),
                       .violated(reason: "smtp.reply_code_out_of_range"))
    }

    /// After STARTTLS's 220 the ClientHello confirms Zeek's SSL analyzer: "ssl" follows "smtp".
    func testTheTLSHandshakeAfterStartTLSAddsSSL() {
        var recognizer = SMTPRecognizer()
        XCTAssertEqual(recognizer.feed(Array("STARTTLS\r\n".utf8), isOrig: true), .confirmed)
        XCTAssertEqual(recognizer.feed(Array("220 2.0.0 Ready to start TLS\r\n".utf8), isOrig: false), .confirmed)
        for payload in TLSTraceBytes.pppoeClientHello { _ = recognizer.feed(payload.bytes, isOrig: true) }
        XCTAssertEqual(recognizer.innerServices, ["ssl"])
        var garbage = SMTPRecognizer()
        _ = garbage.feed(Array("STARTTLS\r\n".utf8), isOrig: true)
        _ = garbage.feed(Array("220 go ahead\r\n".utf8), isOrig: false)
        _ = garbage.feed(Array("not a TLS record at all\r\n".utf8), isOrig: true)
        XCTAssertEqual(garbage.innerServices, [])
    }
}

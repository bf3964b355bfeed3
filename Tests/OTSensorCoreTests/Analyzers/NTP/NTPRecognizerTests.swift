@testable import OTSensorCore
import XCTest

/// The NTP recogniser confirms every datagram Zeek's ntp-protocol.pac parses
/// and flips the roles where ntp-analyzer.pac does.
final class NTPRecognizerTests: XCTestCase {
    /// misordered-ntp.pcap: the first datagram, from the originator, is a
    /// server reply; Zeek confirms and flips (conn.log history "D^").
    func testServerReplyFromTheOriginatorConfirmsAndFlips() {
        var recognizer = NTPRecognizer()
        let outcome = recognizer.feed(NTPTraceBytes.misordered)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, 0)
        XCTAssertTrue(recognizer.flipsRoles)
    }

    func testRequestFromTheOriginatorDoesNotFlip() {
        var recognizer = NTPRecognizer()
        XCTAssertEqual(recognizer.feed(NTPTraceBytes.misordered[1].bytes, isOrig: true), .confirmed)
        XCTAssertFalse(recognizer.flipsRoles)
        var reply = NTPRecognizer()
        XCTAssertEqual(reply.feed(NTPTraceBytes.misordered[0].bytes, isOrig: false), .confirmed)
        XCTAssertFalse(reply.flipsRoles)
        var request = NTPRecognizer()
        XCTAssertEqual(request.feed(NTPTraceBytes.misordered[1].bytes, isOrig: false), .confirmed)
        XCTAssertTrue(request.flipsRoles)
    }

    /// Zeek checks no version: a version-0 or version-7 header parses.
    func testVersionIsNotChecked() {
        for first: UInt8 in [0x03, 0x3B] {
            var recognizer = NTPRecognizer()
            XCTAssertEqual(recognizer.feed([first] + [UInt8](repeating: 0, count: 47), isOrig: true), .confirmed)
        }
    }

    func testShortStandardMessageViolates() {
        var recognizer = NTPRecognizer()
        XCTAssertEqual(recognizer.feed(Array(NTPTraceBytes.misordered[1].bytes.prefix(47)), isOrig: true),
                       .violated(reason: "ntp.malformed_message"))
    }

    /// RFC 5905 §7.5 extension field with a 16-byte length is shorter than
    /// the 18 bytes Zeek's grammar enforces; a MAC-sized tail is no extension.
    func testExtensionFieldsAsTheGrammarEnforcesThem() {
        let header = NTPTraceBytes.misordered[1].bytes
        var mac = NTPRecognizer()
        XCTAssertEqual(mac.feed(header + [UInt8](repeating: 1, count: 20), isOrig: true), .confirmed)
        var short = NTPRecognizer()
        let shortField: [UInt8] = [0x01, 0x04, 0x00, 0x10] + [UInt8](repeating: 0, count: 28)
        XCTAssertEqual(short.feed(header + shortField, isOrig: true), .violated(reason: "ntp.malformed_message"))
        var wellFormed = NTPRecognizer()
        let field: [UInt8] = [0x01, 0x04, 0x00, 0x20] + [UInt8](repeating: 0, count: 28)
        XCTAssertEqual(wellFormed.feed(header + field, isOrig: true), .confirmed)
    }

    /// Mode 6 (RFC 1305 appendix B) and mode 7 (ntpd's private mode) have
    /// their own headers; mode 0 is taken whole.
    func testControlAndPrivateModes() {
        var control = NTPRecognizer()
        XCTAssertEqual(control.feed([0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4], isOrig: true), .confirmed)
        var shortControl = NTPRecognizer()
        XCTAssertEqual(shortControl.feed([0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4, 1], isOrig: true),
                       .violated(reason: "ntp.malformed_message"))
        var monlist = NTPRecognizer()
        XCTAssertEqual(monlist.feed([0x17, 0x00, 0x03, 0x2A, 0x00, 0x00] + [UInt8](repeating: 0, count: 40),
                                    isOrig: true), .confirmed)
        var authenticated = NTPRecognizer()
        XCTAssertEqual(authenticated.feed([0x17, 0x80, 0x03, 0x2A, 0x00, 0x00], isOrig: true),
                       .violated(reason: "ntp.malformed_message"))
        var reserved = NTPRecognizer()
        XCTAssertEqual(reserved.feed([0x00], isOrig: true), .confirmed)
        var empty = NTPRecognizer()
        XCTAssertEqual(empty.feed([], isOrig: true), .undecided)
    }
}

@testable import OTSensorCore
import XCTest

/// The SSH recogniser confirms where Zeek's SSH analyzer does, at NEWKEYS,
/// and violates where its grammar fails (ssh-protocol.pac).
final class SSHRecognizerTests: XCTestCase {
    /// Zeek confirms ssh_kex_dh_group18.pcap; the NEWKEYS that confirms is in
    /// the server's sixth payload (tshark: message codes 31,21).
    func testKeyExchangeConfirmsAtNewKeys() {
        var recognizer = SSHRecognizer()
        let outcome = recognizer.feed(SSHTraceBytes.group18KeyExchange)
        XCTAssertEqual(outcome.verdict, .confirmed)
        XCTAssertEqual(outcome.decidedAt, SSHTraceBytes.group18KeyExchange.count - 1)
    }

    func testKeyExchangeSplitAcrossSegmentsConfirmsAtNewKeys() {
        for size in [1, 2, 5, 64] {
            var recognizer = SSHRecognizer()
            let outcome = recognizer.feed(SSHTraceBytes.group18KeyExchange, pieceSize: size)
            XCTAssertEqual(outcome.verdict, .confirmed, "pieces of \(size)")
            let beforeLast = pieceCount(Array(SSHTraceBytes.group18KeyExchange.dropLast()), size: size)
            XCTAssertGreaterThanOrEqual(outcome.decidedAt ?? -1, beforeLast, "pieces of \(size)")
        }
    }

    /// The server in server-pre-banner-data.pcap sends 1,704 bytes of other
    /// lines before its banner; Zeek accepts them and confirms later.
    func testServerLinesBeforeTheBannerAreAccepted() {
        var recognizer = SSHRecognizer()
        XCTAssertEqual(recognizer.feed(SSHTraceBytes.preBannerStart).verdict, .undecided)
        XCTAssertEqual(recognizer.negotiatedVersion, .ssh2)
    }

    func testClientWithoutBannerViolates() {
        var recognizer = SSHRecognizer()
        XCTAssertEqual(recognizer.feed(Array("GET / HTTP/1.1\r\n".utf8), isOrig: true),
                       .violated(reason: "ssh.client_banner_missing"))
    }

    func testBinaryPacketBeforeBothBannersViolates() {
        var recognizer = SSHRecognizer()
        XCTAssertEqual(recognizer.feed(Array("SSH-2.0-client\r\n".utf8) + [0, 0, 0, 12, 4, 20], isOrig: true),
                       .violated(reason: "ssh.unknown_version"))
    }

    /// SSH-1.5 against SSH-2.0 has no common version (RFC 4253 §5).
    func testMismatchedVersionsViolateAtTheFirstPacket() {
        var recognizer = SSHRecognizer()
        XCTAssertEqual(recognizer.feed(Array("SSH-2.0-server\r\n".utf8), isOrig: false), .undecided)
        XCTAssertEqual(recognizer.feed(Array("SSH-1.5-client\n".utf8) + [0, 0, 0, 12], isOrig: true),
                       .violated(reason: "ssh.unknown_version"))
    }

    func testShortSSH2PacketViolates() {
        var recognizer = SSHRecognizer()
        XCTAssertEqual(recognizer.feed(Array("SSH-2.0-server\r\n".utf8), isOrig: false), .undecided)
        XCTAssertEqual(recognizer.feed(Array("SSH-2.0-client\r\n".utf8) + [0, 0, 0, 1, 0, 0], isOrig: true),
                       .violated(reason: "ssh.packet_too_short"))
    }

    /// SSH 1.5 (draft-ylonen-ssh-protocol-00 §"Binary packet protocol"): a
    /// length, 8 - length % 8 padding bytes, then the type. The server's
    /// SMSG_PUBLIC_KEY (2) is accepted, the client's CMSG_SESSION_KEY (3)
    /// confirms, as `proc_newkeys` does for SSH-1.
    func testSSH1SessionKeyConfirms() {
        var recognizer = SSHRecognizer()
        XCTAssertEqual(recognizer.feed(Array("SSH-1.5-server\n".utf8), isOrig: false), .undecided)
        XCTAssertEqual(recognizer.feed(Array("SSH-1.5-client\n".utf8), isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed([0, 0, 0, 12, 0, 0, 0, 0, 2] + [UInt8](repeating: 7, count: 11), isOrig: false),
                       .undecided)
        XCTAssertEqual(recognizer.feed([0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0], isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed([3], isOrig: true), .confirmed)
    }

    func testSSH1MessageOtherThanTheKeysViolates() {
        var recognizer = SSHRecognizer()
        XCTAssertEqual(recognizer.feed(Array("SSH-1.99-server\n".utf8), isOrig: false), .undecided)
        XCTAssertEqual(recognizer.feed(Array("SSH-1.5-client\n".utf8), isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed([0, 0, 0, 8] + [UInt8](repeating: 0, count: 8) + [9], isOrig: true),
                       .violated(reason: "ssh.unexpected_ssh1_message"))
    }

    func testAfterAGapNothingIsDecided() {
        var recognizer = SSHRecognizer()
        XCTAssertEqual(recognizer.gap(length: 10, isOrig: false), .undecided)
        XCTAssertEqual(recognizer.feed(SSHTraceBytes.group18KeyExchange).verdict, .undecided)
    }

    /// After NEWKEYS the packets are encrypted and Zeek parses no more of
    /// them, so nothing can violate.
    func testEncryptedPacketsAfterNewKeysAreNotParsed() {
        var recognizer = SSHRecognizer()
        XCTAssertEqual(recognizer.feed(SSHTraceBytes.group18KeyExchange).verdict, .confirmed)
        XCTAssertEqual(recognizer.feed([0, 0, 0, 0, 0, 0, 0, 0], isOrig: false), .confirmed)
    }
}

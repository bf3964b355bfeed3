import CaptureGenerator
import XCTest

/// The letters of conn.log's `history` and their repetition rules (LOGS.md §5.7).
/// Hosts, ports, ISNs, timing and lengths as in ConnStateTests.
final class HistoryTests: XCTestCase {
    /// A, D once per direction; lower case for the responder.
    func testAckAndDataLettersAppearOncePerDirection() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                        // 0  S  44
        tcp.synAck()                                     // 1  h  44
        tcp.ack(from: .client)                           // 2  A  40
        tcp.send(flowTestPayload(10), from: .client)     // 3  D  50
        tcp.ack(from: .server)                           // 4  a  40
        tcp.send(flowTestPayload(10), from: .client)     // 5  (D seen) 50
        tcp.ack(from: .server)                           // 6  (a seen) 40
        tcp.send(flowTestPayload(10), from: .client)     // 7  (D seen) 50
        tcp.send(flowTestPayload(20), from: .server)     // 8  d  60
        tcp.ack(from: .client)                           // 9  (A seen) 40
        tcp.send(flowTestPayload(20), from: .server)     // 10 (d seen) 60
        tcp.ack(from: .client)                           // 11 (A seen) 40
        let run = try FlowHarness.run(tcp.packets)
        // S1 (both established, no close). orig_bytes: 1001+30 = 1031 → 31 − 1 = 30; resp 5041 → 40.
        // orig packets 0,2,3,5,7,9,11: 44+40+50+50+50+40+40 = 314; resp 1,4,6,8,10: 44+40+40+60+60 = 244.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(11), origBytes: "30", respBytes: "40", state: "S1", history: "ShADad",
            origPkts: 7, origIPBytes: 314, respPkts: 5, respIPBytes: 244))
    }

    /// T: one retransmission → one T; 10 retransmissions → T at the 1st and the
    /// 10th (logarithmic rule).
    func testRetransmissionLetterIsLogarithmic() throws {
        for (retransmissions, expectedHistory) in [(1, "ShADTa"), (9, "ShADTa"), (10, "ShADTTa")] {
            var tcp = FlowHosts.tcp()
            tcp.syn()                                        // 0 S 44
            tcp.synAck()                                     // 1 h 44
            tcp.ack(from: .client)                           // 2 A 40
            tcp.send(flowTestPayload(100), from: .client)    // 3 D 140
            for _ in 0..<retransmissions { tcp.retransmit(from: .client) }  // T at the 1st, 10th …; 140 each
            tcp.ack(from: .server)                           // a 40
            let run = try FlowHarness.run(tcp.packets)
            // A retransmission does not extend the highest sequence → T (counted per direction).
            // orig_bytes 100 (1101 − 1000 − 1); S1; last packet at 4 + n ms.
            var expected = FlowHosts.tcpRow(
                duration: flowTestInterval(4 + retransmissions), origBytes: "100", respBytes: "0", state: "S1",
                history: expectedHistory, origPkts: 3 + retransmissions,
                origIPBytes: 224 + 140 * retransmissions, respPkts: 2, respIPBytes: 84)
            expected.ts = flowTestTime(0)
            assertConn(try run.onlyRow(), expected)
        }
    }

    /// W/w: zero-window advertisements, recorded after the letter of the packet itself.
    func testZeroWindowLetters() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                        // 0 S 44
        tcp.synAck()                     // 1 h 44
        tcp.ack(from: .client)           // 2 A 40
        tcp.zeroWindow(from: .server)    // 3 a (pure ACK), then w
        tcp.zeroWindow(from: .client)    // 4 (A seen), W
        let run = try FlowHarness.run(tcp.packets)
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(4), origBytes: "0", respBytes: "0", state: "S1", history: "ShAawW",
            origPkts: 3, origIPBytes: 124, respPkts: 2, respIPBytes: 84))
    }

    /// I: a packet with FIN and RST both set.
    func testFinAndRstTogetherIsI() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                                       // 0 S 44
        tcp.synAck()                                                    // 1 h 44
        tcp.ack(from: .client)                                          // 2 A 40
        tcp.packet(from: .client, flags: [.fin, .rst, .ack])            // 3 I 40 (seq 1001)
        let run = try FlowHarness.run(tcp.packets)
        // FIN, then RST, on an ESTABLISHED side → RESET (§5.5); r ESTABLISHED → RSTO.
        // orig_bytes: at most 1002 − 1000 = 2, −1 SYN, −1 FIN → 0 (1 − 1 = 0 without the FIN).
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(3), origBytes: "0", respBytes: "0", state: "RSTO", history: "ShAI",
            origPkts: 3, origIPBytes: 124, respPkts: 1, respIPBytes: 44))
    }

    /// Q: SYN together with FIN.
    func testSynWithFinIsQ() throws {
        var tcp = FlowHosts.tcp()
        tcp.packet(from: .client, flags: [.syn, .fin], sequence: 1_000)   // 0 Q 40
        let run = try FlowHarness.run(tcp.packets)
        // SYN → SYN_SENT, then FIN → CLOSED; r INACTIVE → rule 4 SH.
        // Single packet: duration and both byte counts unset.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: "-", origBytes: "-", respBytes: "-", state: "SH", history: "Q",
            origPkts: 1, origIPBytes: 40, respPkts: 0, respIPBytes: 0))
    }

    /// H (upper case): the originator itself sent a SYN+ACK (first packet, no
    /// likely server port on either side, so no flip).
    func testOriginatorSynAckIsUpperCaseH() throws {
        var tcp = FlowHosts.tcp(serverPort: 50_000, clientPort: 40_000)
        tcp.packet(from: .client, flags: [.syn, .ack], sequence: 1_000, acknowledgment: 9_001)   // 0 H 40
        let run = try FlowHarness.run(tcp.packets)
        // o SYN_ACK_SENT, r INACTIVE: rule 6 needs SYN_SENT → OTH (rule 8).
        var expected = FlowHosts.tcpRow(
            serverPort: 50_000, duration: "-", origBytes: "-", respBytes: "-", state: "OTH", history: "H",
            origPkts: 1, origIPBytes: 40, respPkts: 0, respIPBytes: 0)
        expected.origP = 40_000
        assertConn(try run.onlyRow(), expected)
    }

    /// G: client data acknowledged by the server but never captured → G (the
    /// gap is in the originator's stream) and missed_bytes.
    func testContentGapIsGAndMissedBytes() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                        // 0 S 44
        tcp.synAck()                                     // 1 h 44
        tcp.ack(from: .client)                           // 2 A 40
        tcp.send(flowTestPayload(100), from: .client)    // 3 D 140, seq 1001–1100
        tcp.skip(100, from: .client)                     //   seq 1101–1200 never captured
        tcp.send(flowTestPayload(100), from: .client)    // 4 140, seq 1201–1300 (extends: no T)
        tcp.ack(from: .server)                           // 5 a 40, ACK 1301 → gap of 100 → G
        let run = try FlowHarness.run(tcp.packets)
        // Both established, so the gap counts: missed_bytes 100, history letter G after the server's "a".
        // orig_bytes from sequence numbers includes the missed bytes: 1301 − 1000 − 1 = 300.
        var expected = FlowHosts.tcpRow(
            duration: flowTestInterval(5), origBytes: "300", respBytes: "0", state: "S1", history: "ShADaG",
            origPkts: 4, origIPBytes: 364, respPkts: 2, respIPBytes: 84)
        expected.missedBytes = 100
        assertConn(try run.onlyRow(), expected)
    }

    /// ^: the capture starts with the server's SYN+ACK from port 80: roles are
    /// flipped at creation (§5.2 rule 1) and the history starts with ^.
    func testSynAckFromLikelyServerPortFlipsRoles() throws {
        var tcp = FlowHosts.tcp()
        tcp.packet(from: .server, flags: [.syn, .ack], sequence: 5_000, acknowledgment: 1_001,
                   options: [.maximumSegmentSize(1460)])                  // 0 ^ h 44 (resp)
        tcp.markEstablished()                                              // client 1001, server 5001
        tcp.ack(from: .client)                                             // 1 A 40
        tcp.send(flowTestPayload(20), from: .client)                       // 2 D 60
        tcp.send(flowTestPayload(30), from: .server)                       // 3 d 70
        tcp.ack(from: .client)                                             // 4 (A seen) 40
        let run = try FlowHarness.run(tcp.packets)
        // After the flip the client is the originator. Server: SYN+ACK → ESTABLISHED; client: pure ACK while
        // the peer is ESTABLISHED → ESTABLISHED (missed SYN recovered) → S1.
        // orig_bytes: client ISN taken as 1000 (from the SYN+ACK's ack − 1), last 1021 → 20.
        // resp_bytes: 5031 − 5000 − 1 = 30. Client packets 1,2,4: 40+60+40 = 140; server 0,3: 44+70 = 114.
        // orig_l2_addr/resp_l2_addr are swapped with the roles: client's MAC first.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(4), origBytes: "20", respBytes: "30", state: "S1", history: "^hADd",
            origPkts: 3, origIPBytes: 140, respPkts: 2, respIPBytes: 114))
    }

    /// F is not repeated for a retransmitted FIN (same sequence number after the payload).
    func testRetransmittedFinIsNotRepeated() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                                              // 0 S 44
        tcp.synAck()                                                           // 1 h 44
        tcp.ack(from: .client)                                                 // 2 A 40
        tcp.fin(from: .client)                                                 // 3 F 40 (seq 1001)
        tcp.packet(from: .client, flags: [.fin, .ack], sequence: 1_001)        // 4 same FIN again: no F
        let run = try FlowHarness.run(tcp.packets)
        // o CLOSED, r ESTABLISHED → rule 4 S2. Only one side closed, so the duration runs to packet 4.
        // orig_bytes: last 1002 → 2 − 1 SYN − 1 FIN = 0.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(4), origBytes: "0", respBytes: "0", state: "S2", history: "ShAF",
            origPkts: 4, origIPBytes: 164, respPkts: 1, respIPBytes: 44))
    }

    /// R is not repeated for a second RST at the same sequence number.
    func testRepeatedRstAtSameSequenceIsNotRepeated() throws {
        var tcp = FlowHosts.tcp(serverPort: 23)
        tcp.syn()                  // 0 S 44
        tcp.rst(from: .server)     // 1 r 40 (seq 5000)
        tcp.rst(from: .server)     // 2 same seq: no second r, 40
        let run = try FlowHarness.run(tcp.packets)
        // r RESET, o SYN_SENT → REJ. Only the responder closed, so the duration runs to packet 2.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            serverPort: 23, duration: flowTestInterval(2), origBytes: "0", respBytes: "0", state: "REJ",
            history: "Sr", origPkts: 1, origIPBytes: 44, respPkts: 2, respIPBytes: 80))
    }

    /// A second RST at a different sequence number is recorded again.
    func testRstAtNewSequenceIsRepeated() throws {
        var tcp = FlowHosts.tcp(serverPort: 23)
        tcp.syn()                                                                          // 0 S 44
        tcp.packet(from: .server, flags: [.rst, .ack], sequence: 5_000, acknowledgment: 1_001)   // 1 r 40
        tcp.packet(from: .server, flags: [.rst, .ack], sequence: 5_100, acknowledgment: 1_001)   // 2 r again 40
        let run = try FlowHarness.run(tcp.packets)
        // REJ as above. resp_bytes: after a side's RST its later sequence numbers are ignored (§5.8):
        // ISN 4999 (first seq − 1), last 5000 → 1 − 1 = 0.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            serverPort: 23, duration: flowTestInterval(2), origBytes: "0", respBytes: "0", state: "REJ",
            history: "Srr", origPkts: 1, origIPBytes: 44, respPkts: 2, respIPBytes: 80))
    }

    /// A second FIN at a different sequence number is recorded again.
    func testFinAtNewSequenceIsRepeated() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                                              // 0 S 44
        tcp.synAck()                                                           // 1 h 44
        tcp.ack(from: .client)                                                 // 2 A 40
        tcp.packet(from: .client, flags: [.fin, .ack], sequence: 1_001)        // 3 F 40
        tcp.packet(from: .client, flags: [.fin, .ack], sequence: 1_011)        // 4 F again (new seq) 40
        let run = try FlowHarness.run(tcp.packets)
        // o CLOSED, r ESTABLISHED → S2. orig_bytes: highest seq one past the 2nd FIN = 1012 → 12 − 1 − 1 = 10.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(4), origBytes: "10", respBytes: "0", state: "S2", history: "ShAFF",
            origPkts: 4, origIPBytes: 164, respPkts: 1, respIPBytes: 44))
    }
}

import CaptureGenerator
import XCTest

/// One tiny capture per TCP conn_state value (LOGS.md §5.6), each row worked out
/// by hand from §5.5–§5.9. Unless noted: client 192.168.1.10:49152 → server
/// 192.168.1.20:80, client ISN 1000, server ISN 5000, packet n at t0 + n ms;
/// SYN and SYN+ACK carry an MSS option (IP length 44), other segments are
/// 40 + payload. TCP bytes use §5.8: max(last seq sent, ack received) − ISN,
/// −1 for the SYN if non-zero, −1 for a FIN if non-zero.
final class ConnStateTests: XCTestCase {
    /// S0: a SYN and its retransmission (same ISN, 1 s later, within
    /// tcp_attempt_delay) and no answer.
    func testS0AttemptWithoutReply() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                                          // 0 ms
        tcp.clock.wait(nanoseconds: 999_000_000)
        tcp.packet(from: .client, flags: .syn, sequence: 1_000, options: [.maximumSegmentSize(1460)])  // 1000 ms
        let run = try FlowHarness.run(tcp.packets)
        // conn_state: o SYN_SENT, r INACTIVE → rule 6 S0.
        // history: S once — the retransmitted SYN has the same relative seq (0), so S is not repeated (§5.7).
        // duration 1.000000 (1000 ms − 0 ms).
        // orig_bytes: last 1001, ack received none (1000) → 1001−1000 = 1, −1 SYN = 0; resp never sent: 0.
        // orig: 2 packets × 44.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: "1.000000", origBytes: "0", respBytes: "0", state: "S0", history: "S",
            origPkts: 2, origIPBytes: 88, respPkts: 0, respIPBytes: 0))
    }

    /// S1: handshake, 100 bytes from the client, acknowledged, never closed.
    func testS1EstablishedNotClosed() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                   // 0  S    44
        tcp.synAck()                                // 1  h    44
        tcp.ack(from: .client)                      // 2  A    40
        tcp.send(flowTestPayload(100), from: .client)  // 3  D   140
        tcp.ack(from: .server)                      // 4  a    40
        let run = try FlowHarness.run(tcp.packets)
        // Both ESTABLISHED after the SYN+ACK (§5.5) → rule 7 S1.
        // orig_bytes: last 1101 = ack 1101 → 101 − 1 (SYN) = 100. resp: 5001 − 5000 = 1 − 1 = 0.
        // orig: 44+40+140 = 224 over 3; resp: 44+40 = 84 over 2; duration 4 ms.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(4), origBytes: "100", respBytes: "0", state: "S1", history: "ShADa",
            origPkts: 3, origIPBytes: 224, respPkts: 2, respIPBytes: 84))
    }

    /// SF: a complete exchange with a client-initiated close (like LOGS.md worked example 1).
    func testSFNormalEstablishmentAndTermination() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                       // 0 S  44
        tcp.synAck()                                    // 1 h  44
        tcp.ack(from: .client)                          // 2 A  40
        tcp.send(flowTestPayload(100), from: .client)   // 3 D 140
        tcp.send(flowTestPayload(200), from: .server)   // 4 d 240
        tcp.ack(from: .client)                          // 5 (A already seen) 40
        tcp.fin(from: .client)                          // 6 F  40
        tcp.fin(from: .server)                          // 7 f  40
        tcp.ack(from: .client)                          // 8 final ACK 40, after both FINs: not in duration
        let run = try FlowHarness.run(tcp.packets)
        // Both CLOSED → rule 3 SF. duration stops at the second FIN: 7 ms (§5.9).
        // orig_bytes: last 1001+100+1 = 1102 → 102 − 1 SYN − 1 FIN = 100.
        // resp_bytes: 5001+200+1 = 5202 → 202 − 2 = 200.
        // orig packets 0,2,3,5,6,8: 44+40+140+40+40+40 = 344; resp 1,4,7: 44+240+40 = 324.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(7), origBytes: "100", respBytes: "200", state: "SF", history: "ShADdFf",
            origPkts: 6, origIPBytes: 344, respPkts: 3, respIPBytes: 324))
    }

    /// REJ: a SYN answered by RST+ACK.
    func testREJAttemptRejected() throws {
        var tcp = FlowHosts.tcp(serverPort: 23)
        tcp.syn()                  // 0 S 44
        tcp.rst(from: .server)     // 1 r 40 (RST+ACK, seq 5000, ack 1001)
        let run = try FlowHarness.run(tcp.packets)
        // r RESET and o SYN_SENT → rule 1 REJ. history "Sr".
        // orig_bytes: last 1001; the RST's ack is not used (RST) → 1 − 1 = 0.
        // resp_bytes: no SYN, ISN = 5000 − 1, last 5000 → 1 − 1 = 0 (RST payload never counts).
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            serverPort: 23, duration: flowTestInterval(1), origBytes: "0", respBytes: "0", state: "REJ",
            history: "Sr", origPkts: 1, origIPBytes: 44, respPkts: 1, respIPBytes: 40))
    }

    /// S2: established; the originator sends FIN, the responder never answers it.
    func testS2OriginatorCloseAttemptWithoutReply() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                      // 0 S 44
        tcp.synAck()                                   // 1 h 44
        tcp.ack(from: .client)                         // 2 A 40
        tcp.send(flowTestPayload(50), from: .client)   // 3 D 90
        tcp.ack(from: .server)                         // 4 a 40
        tcp.fin(from: .client)                         // 5 F 40
        let run = try FlowHarness.run(tcp.packets)
        // o CLOSED, r ESTABLISHED → rule 4 S2.
        // orig_bytes: last 1001+50+1 = 1052 (ack received 1051) → 52 − 1 SYN − 1 FIN = 50.
        // orig: 44+40+90+40 = 214 over 4; resp: 44+40 = 84 over 2; duration 5 ms.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(5), origBytes: "50", respBytes: "0", state: "S2", history: "ShADaF",
            origPkts: 4, origIPBytes: 214, respPkts: 2, respIPBytes: 84))
    }

    /// S3: established; the responder sends FIN, the originator never answers it.
    func testS3ResponderCloseAttemptWithoutReply() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                      // 0 S 44
        tcp.synAck()                                   // 1 h 44
        tcp.ack(from: .client)                         // 2 A 40
        tcp.send(flowTestPayload(50), from: .server)   // 3 d 90
        tcp.ack(from: .client)                         // 4 (A seen) 40
        tcp.fin(from: .server)                         // 5 f 40
        let run = try FlowHarness.run(tcp.packets)
        // r CLOSED, o ESTABLISHED (not inactive) → rule 5 S3.
        // resp_bytes: 5001+50+1 = 5052 → 52 − 2 = 50. orig 0.
        // orig: 44+40+40 = 124 over 3; resp: 44+90+40 = 174 over 3.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(5), origBytes: "0", respBytes: "50", state: "S3", history: "ShAdf",
            origPkts: 3, origIPBytes: 124, respPkts: 3, respIPBytes: 174))
    }

    /// RSTO: established; the originator aborts with RST.
    func testRSTOOriginatorAborted() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                      // 0 S 44
        tcp.synAck()                                   // 1 h 44
        tcp.ack(from: .client)                         // 2 A 40
        tcp.send(flowTestPayload(10), from: .client)   // 3 D 50
        tcp.ack(from: .server)                         // 4 a 40
        tcp.rst(from: .client)                         // 5 R 40 (seq 1011)
        let run = try FlowHarness.run(tcp.packets)
        // o RESET, r ESTABLISHED (not inactive) → rule 2 RSTO.
        // orig_bytes: last 1011, ack 1011 → 11 − 1 = 10.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(5), origBytes: "10", respBytes: "0", state: "RSTO", history: "ShADaR",
            origPkts: 4, origIPBytes: 174, respPkts: 2, respIPBytes: 84))
    }

    /// RSTR: established; the responder aborts with RST.
    func testRSTRResponderAborted() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                      // 0 S 44
        tcp.synAck()                                   // 1 h 44
        tcp.ack(from: .client)                         // 2 A 40
        tcp.send(flowTestPayload(10), from: .client)   // 3 D 50
        tcp.rst(from: .server)                         // 4 r 40
        let run = try FlowHarness.run(tcp.packets)
        // r RESET, o ESTABLISHED: not SYN_SENT, not RESET, not inactive → rule 1 RSTR.
        // orig_bytes: last 1011 (the RST's ack is ignored, but last seq alone gives it) → 10.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(4), origBytes: "10", respBytes: "0", state: "RSTR", history: "ShADr",
            origPkts: 3, origIPBytes: 134, respPkts: 2, respIPBytes: 84))
    }

    /// RSTOS0: the originator sends a SYN, then a RST; no SYN+ACK.
    func testRSTOS0SynThenOriginatorReset() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                  // 0 S 44
        tcp.rst(from: .client)     // 1 R 40 (no ACK: the server sent no SYN; seq 1001)
        let run = try FlowHarness.run(tcp.packets)
        // o RESET, r INACTIVE, history "SR" matches ^?S[^HAFGIQ]*R → rule 2 RSTOS0.
        // orig_bytes: last 1001, nothing acknowledged (NoDataAcked) → 1 − 1 = 0.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(1), origBytes: "0", respBytes: "0", state: "RSTOS0", history: "SR",
            origPkts: 2, origIPBytes: 84, respPkts: 0, respIPBytes: 0))
    }

    /// RSTRH: the capture starts with the server's SYN+ACK (port 80 → flipped),
    /// then the server resets; the client is never seen.
    func testRSTRHResponderSynAckThenReset() throws {
        var tcp = FlowHosts.tcp()
        tcp.packet(from: .server, flags: [.syn, .ack], sequence: 5_000, acknowledgment: 1_001,
                   options: [.maximumSegmentSize(1460)])                                   // 0 (^) h 44
        tcp.packet(from: .server, flags: [.rst, .ack], sequence: 5_001, acknowledgment: 1_001)  // 1 r 40
        let run = try FlowHarness.run(tcp.packets)
        // §5.2 rule 1: first packet a SYN+ACK from likely server port 80 to non-server 49152 → flipped:
        // orig = client 192.168.1.10:49152, history starts with "^"; MACs swapped back to client/server.
        // server (resp): SYN+ACK → ESTABLISHED ("h"), RST → RESET ("r"). o INACTIVE.
        // rule 1: r RESET, o neither SYN_SENT nor RESET, o inactive → RSTRH.
        // resp_bytes: ISN 5000, last 5001 → 1 − 1 = 0; orig never sent: 0.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(1), origBytes: "0", respBytes: "0", state: "RSTRH", history: "^hr",
            origPkts: 0, origIPBytes: 0, respPkts: 2, respIPBytes: 84))
    }

    /// SH: the originator sends a SYN, then a FIN; no SYN+ACK.
    func testSHSynThenFin() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                  // 0 S 44
        tcp.fin(from: .client)     // 1 F 40 (seq 1001, no ACK)
        let run = try FlowHarness.run(tcp.packets)
        // o SYN_SENT → CLOSED, r INACTIVE → rule 4 SH.
        // orig_bytes: FIN moves last to 1002 → 2 − 1 SYN − 1 FIN = 0.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(1), origBytes: "0", respBytes: "0", state: "SH", history: "SF",
            origPkts: 2, origIPBytes: 84, respPkts: 0, respIPBytes: 0))
    }

    /// SHR: the capture starts with the server's SYN+ACK (flipped), then the server's FIN.
    func testSHRResponderSynAckThenFin() throws {
        var tcp = FlowHosts.tcp()
        tcp.packet(from: .server, flags: [.syn, .ack], sequence: 5_000, acknowledgment: 1_001,
                   options: [.maximumSegmentSize(1460)])                                   // 0 (^) h 44
        tcp.packet(from: .server, flags: [.fin, .ack], sequence: 5_001, acknowledgment: 1_001)  // 1 f 40
        let run = try FlowHarness.run(tcp.packets)
        // Flipped as in RSTRH. r CLOSED, o inactive → rule 5 SHR.
        // resp_bytes: last 5002 → 2 − 1 SYN − 1 FIN = 0.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(1), origBytes: "0", respBytes: "0", state: "SHR", history: "^hf",
            origPkts: 0, origIPBytes: 0, respPkts: 2, respIPBytes: 84))
    }

    /// OTH: mid-stream traffic, no SYN seen (ports 49152 → 5555, neither a likely server port).
    func testOTHMidstream() throws {
        var tcp = FlowHosts.tcp(serverPort: 5_555)
        tcp.markEstablished()                             // client next seq 1001, server 5001
        tcp.send(flowTestPayload(100), from: .client)     // 0 D 140 (ACK 5001)
        tcp.ack(from: .server)                            // 1 a  40 (ACK 1101)
        let run = try FlowHarness.run(tcp.packets)
        // No flip (first packet's source port is not a likely server port).
        // o PARTIAL (data without SYN), r PARTIAL (ACK while the peer is only partial) → rule 8 OTH.
        // orig_bytes: no SYN → ISN = first seq − 1 = 1000; last 1101 → 101 − 1 = 100.
        // resp_bytes: ISN 5000 (first seq 5001 − 1), last 5001 → 0.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            serverPort: 5_555, duration: flowTestInterval(1), origBytes: "100", respBytes: "0", state: "OTH",
            history: "Da", origPkts: 1, origIPBytes: 140, respPkts: 1, respIPBytes: 40))
    }
}

import CaptureGenerator
import XCTest

/// When a connection ends and a later packet on the same 5-tuple starts a new
/// one (LOGS.md §5.4 timeouts, §5.1 reuse). Each case has a control just inside
/// the limit. Hosts, ports and ISNs as in ConnStateTests; packet times given in ms.
final class LifetimeTests: XCTestCase {
    private func waitUntil(_ milliseconds: Int64, _ clock: inout PacketClock) {
        clock.now = CaptureTime(seconds: flowTestStartSeconds).advanced(byNanoseconds: milliseconds * 1_000_000)
    }

    /// tcp_attempt_delay (5 s): a SYN retransmitted 6 s later starts a second S0;
    /// 4 s later it still belongs to the first.
    func testSynRetransmittedAfterAttemptDelayStartsNewConnection() throws {
        for (delay, rows) in [(4_000, 1), (6_000, 2)] {
            var tcp = FlowHosts.tcp()
            tcp.syn()                                                                  // 0 S 44
            waitUntil(Int64(delay), &tcp.clock)
            tcp.packet(from: .client, flags: .syn, sequence: 1_000, options: [.maximumSegmentSize(1460)])  // S 44
            let run = try FlowHarness.run(tcp.packets)
            let found = run.rows(orig: FlowHosts.client, FlowHosts.clientPort, resp: FlowHosts.server, 80)
            XCTAssertEqual(found.count, rows, "SYN retransmitted after \(delay) ms:\n\(run.connLogText)")
            if rows == 1 {
                // One attempt of two packets: S0, "S" once, bytes 0 (SYN only).
                assertConn(found[0], FlowHosts.tcpRow(
                    duration: flowTestInterval(delay), origBytes: "0", respBytes: "0", state: "S0", history: "S",
                    origPkts: 2, origIPBytes: 88, respPkts: 0, respIPBytes: 0))
            } else if found.count == 2 {
                // Two single-packet attempts (§6.1 edge cases: "two S0 rows").
                for (row, ts) in zip(found, [0, delay]) {
                    assertConn(row, FlowHosts.tcpRow(
                        ts: ts, duration: "-", origBytes: "-", respBytes: "-", state: "S0", history: "S",
                        origPkts: 1, origIPBytes: 44, respPkts: 0, respIPBytes: 0))
                }
            }
        }
    }

    /// tcp_close_delay (5 s after both FINs): a client ACK 6 s later is a new
    /// mid-stream connection; 4 s later it belongs to the closed one (and does
    /// not extend its duration).
    func testPacketAfterCloseDelayStartsNewConnection() throws {
        for (delay, rows) in [(4_000, 1), (6_000, 2)] {
            var tcp = FlowHosts.tcp()
            tcp.syn()                   // 0 S 44
            tcp.synAck()                // 1 h 44
            tcp.ack(from: .client)      // 2 A 40
            tcp.fin(from: .client)      // 3 F 40
            tcp.fin(from: .server)      // 4 f 40
            waitUntil(Int64(delay), &tcp.clock)
            tcp.ack(from: .client)      // late ACK 40
            let run = try FlowHarness.run(tcp.packets)
            let found = run.rows(orig: FlowHosts.client, FlowHosts.clientPort, resp: FlowHosts.server, 80)
            XCTAssertEqual(found.count, rows, "ACK \(delay) ms after the close:\n\(run.connLogText)")
            guard found.count == rows else { continue }
            // The closed connection: SF, duration to the second FIN (4 ms), bytes 2 − 1 − 1 = 0 on each side.
            assertConn(found[0], FlowHosts.tcpRow(
                duration: flowTestInterval(4), origBytes: "0", respBytes: "0", state: "SF", history: "ShAFf",
                origPkts: rows == 1 ? 4 : 3, origIPBytes: rows == 1 ? 164 : 124, respPkts: 2, respIPBytes: 84))
            if rows == 2 {
                // New connection from a pure ACK 49152 → 80: no flip (source port not a likely server port);
                // originator PARTIAL, responder INACTIVE → OTH; single packet.
                assertConn(found[1], FlowHosts.tcpRow(
                    ts: delay, duration: "-", origBytes: "-", respBytes: "-", state: "OTH", history: "A",
                    origPkts: 1, origIPBytes: 40, respPkts: 0, respIPBytes: 0))
            }
        }
    }

    /// Half-open then closed (SYN, FIN; the responder never spoke): once no
    /// packet has been seen for tcp_connection_linger (5 s; checked every
    /// tcp_session_timer, 6 s) it is removed, so a server packet 20 s later is a
    /// new connection; 4 s later it still belongs to the first.
    func testHalfOpenClosedConnectionExpiresAfterLinger() throws {
        for (delay, rows) in [(4_000, 1), (20_000, 2)] {
            var tcp = FlowHosts.tcp()
            tcp.syn()                   // 0 S 44
            tcp.fin(from: .client)      // 1 F 40
            waitUntil(Int64(delay), &tcp.clock)
            tcp.ack(from: .server)      // pure ACK, seq 5000, ack 1002: 40
            let run = try FlowHarness.run(tcp.packets)
            let found = run.rows(orig: FlowHosts.client, FlowHosts.clientPort, resp: FlowHosts.server, 80)
            XCTAssertEqual(found.count, rows, "server ACK \(delay) ms later:\n\(run.connLogText)")
            guard found.count == rows else { continue }
            if rows == 1 {
                // The server's empty ACK: responder INACTIVE → PARTIAL ("a"); o CLOSED, r inactive → SH.
                // orig_bytes: last 1002, ack 1002 → 2 − 1 − 1 = 0; resp: ISN 4999, last 5000 → 0.
                assertConn(found[0], FlowHosts.tcpRow(
                    duration: flowTestInterval(delay), origBytes: "0", respBytes: "0", state: "SH", history: "SFa",
                    origPkts: 2, origIPBytes: 84, respPkts: 1, respIPBytes: 40))
            } else {
                assertConn(found[0], FlowHosts.tcpRow(
                    duration: flowTestInterval(1), origBytes: "0", respBytes: "0", state: "SH", history: "SF",
                    origPkts: 2, origIPBytes: 84, respPkts: 0, respIPBytes: 0))
                // The server's pure ACK from port 80 opens a new connection and is flipped (§5.2 rule 1):
                // the client is the originator, the ACK is the responder's "a"; r PARTIAL → OTH.
                assertConn(found[1], FlowHosts.tcpRow(
                    ts: delay, duration: "-", origBytes: "-", respBytes: "-", state: "OTH", history: "^a",
                    origPkts: 0, origIPBytes: 0, respPkts: 1, respIPBytes: 40))
            }
        }
    }

    /// tcp_inactivity_timeout: 5 min after the last packet on an established connection.
    func testTCPInactivityTimeout() throws {
        for (delay, rows) in [(299_000, 1), (301_000, 2)] {
            var tcp = FlowHosts.tcp(serverPort: 8_080)
            tcp.syn()                                       // 0 S 44
            tcp.synAck()                                    // 1 h 44
            tcp.ack(from: .client)                          // 2 A 40
            waitUntil(Int64(delay), &tcp.clock)
            tcp.send(flowTestPayload(10), from: .client)    // 50
            let run = try FlowHarness.run(tcp.packets)
            let found = run.rows(orig: FlowHosts.client, FlowHosts.clientPort, resp: FlowHosts.server, 8_080)
            XCTAssertEqual(found.count, rows, "data \(delay) ms after the handshake:\n\(run.connLogText)")
            guard found.count == rows else { continue }
            if rows == 1 {
                // Still one S1 connection; the data counts (1011 − 1000 − 1 = 10).
                assertConn(found[0], FlowHosts.tcpRow(
                    serverPort: 8_080, duration: flowTestInterval(delay), origBytes: "10", respBytes: "0",
                    state: "S1", history: "ShAD", origPkts: 3, origIPBytes: 134, respPkts: 1, respIPBytes: 44))
            } else {
                assertConn(found[0], FlowHosts.tcpRow(
                    serverPort: 8_080, duration: flowTestInterval(2), origBytes: "0", respBytes: "0", state: "S1",
                    history: "ShA", origPkts: 2, origIPBytes: 84, respPkts: 1, respIPBytes: 44))
                // New mid-stream connection: data without SYN → PARTIAL → OTH, history "D".
                assertConn(found[1], FlowHosts.tcpRow(
                    ts: delay, serverPort: 8_080, duration: "-", origBytes: "-", respBytes: "-", state: "OTH",
                    history: "D", origPkts: 1, origIPBytes: 50, respPkts: 0, respIPBytes: 0))
            }
        }
    }

    /// A SYN with a new ISN after a completed close starts a new connection at
    /// once (TCP reuse, §5.1), without waiting for the close delay.
    func testSynWithNewISNReusesClosedTuple() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                   // 0 S 44
        tcp.synAck()                // 1 h 44
        tcp.ack(from: .client)      // 2 A 40
        tcp.fin(from: .client)      // 3 F 40
        tcp.fin(from: .server)      // 4 f 40
        tcp.ack(from: .client)      // 5 40 (after both FINs)
        tcp.packet(from: .client, flags: .syn, sequence: 777_000, acknowledgment: 0,
                   options: [.maximumSegmentSize(1460)])   // 6 new SYN 44
        let run = try FlowHarness.run(tcp.packets)
        let found = run.rows(orig: FlowHosts.client, FlowHosts.clientPort, resp: FlowHosts.server, 80)
        XCTAssertEqual(found.count, 2, run.connLogText)
        guard found.count == 2 else { return }
        assertConn(found[0], FlowHosts.tcpRow(
            duration: flowTestInterval(4), origBytes: "0", respBytes: "0", state: "SF", history: "ShAFf",
            origPkts: 4, origIPBytes: 164, respPkts: 2, respIPBytes: 84))
        assertConn(found[1], FlowHosts.tcpRow(
            ts: 6, duration: "-", origBytes: "-", respBytes: "-", state: "S0", history: "S",
            origPkts: 1, origIPBytes: 44, respPkts: 0, respIPBytes: 0))
    }

    /// udp_inactivity_timeout: 1 min after the last datagram.
    func testUDPInactivityTimeout() throws {
        for (delay, rows) in [(59_000, 1), (61_000, 2)] {
            var udp = FlowHosts.udp()
            udp.send(flowTestPayload(10), from: .client)      // 0 D 38
            waitUntil(Int64(delay), &udp.clock)
            udp.send(flowTestPayload(10), from: .client)      // 38
            let run = try FlowHarness.run(udp.packets)
            let found = run.rows(orig: FlowHosts.client, 40_000, resp: FlowHosts.server, 50_000)
            XCTAssertEqual(found.count, rows, run.connLogText)
            guard found.count == rows else { continue }
            if rows == 1 {
                assertConn(found[0], ExpectedConn(
                    ts: flowTestTime(0), orig: FlowHosts.client, 40_000, resp: FlowHosts.server, 50_000, proto: "udp",
                    duration: flowTestInterval(delay), origBytes: "20", respBytes: "0", state: "S0", history: "D",
                    origPkts: 2, origIPBytes: 76, respPkts: 0, respIPBytes: 0))
            } else {
                for (row, ts) in zip(found, [0, delay]) {
                    assertConn(row, ExpectedConn(
                        ts: flowTestTime(ts), orig: FlowHosts.client, 40_000, resp: FlowHosts.server, 50_000,
                        proto: "udp", duration: "-", origBytes: "-", respBytes: "-", state: "S0", history: "D",
                        origPkts: 1, origIPBytes: 38, respPkts: 0, respIPBytes: 0))
                }
            }
        }
    }

    /// icmp_inactivity_timeout: 1 min after the last message.
    func testICMPInactivityTimeout() throws {
        for (delay, rows) in [(59_000, 1), (61_000, 2)] {
            var echo = ICMPEcho(client: "192.168.1.10", server: "192.168.1.1")
            echo.request()                                     // 0, 60 bytes
            waitUntil(Int64(delay), &echo.clock)
            echo.request()                                     // 60 bytes
            let run = try FlowHarness.run(echo.packets)
            let found = run.rows(orig: "192.168.1.10", 8, resp: "192.168.1.1", 0)
            XCTAssertEqual(found.count, rows, run.connLogText)
            guard found.count == rows else { continue }
            if rows == 1 {
                assertConn(found[0], ExpectedConn(
                    ts: flowTestTime(0), orig: "192.168.1.10", 8, resp: "192.168.1.1", 0, proto: "icmp",
                    duration: flowTestInterval(delay), origBytes: "64", respBytes: "0", state: "OTH", history: "-",
                    origPkts: 2, origIPBytes: 120, respPkts: 0, respIPBytes: 0))
            } else {
                for (row, ts) in zip(found, [0, delay]) {
                    assertConn(row, ExpectedConn(
                        ts: flowTestTime(ts), orig: "192.168.1.10", 8, resp: "192.168.1.1", 0, proto: "icmp",
                        duration: "-", origBytes: "-", respBytes: "-", state: "OTH", history: "-",
                        origPkts: 1, origIPBytes: 60, respPkts: 0, respIPBytes: 0))
                }
            }
        }
    }
}

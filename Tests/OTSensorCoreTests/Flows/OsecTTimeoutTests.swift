import CaptureGenerator
import XCTest

/// The timeouts of LOGS.md §5.4 that differ from Zeek's generic ones: OsecT's
/// 1-minute TCP inactivity for responder ports 21/22/23/513, and the DNS
/// analyzer's session timeout (checked every 10 s, idle ≥ 9 s).
final class OsecTTimeoutTests: XCTestCase {
    private func at(_ milliseconds: Int64) -> CaptureTime {
        CaptureTime(seconds: flowTestStartSeconds).advanced(byNanoseconds: milliseconds * 1_000_000)
    }

    /// An established SSH connection (responder port 22) idle for 61 s is removed
    /// (OsecT sets tcp_inactivity_timeout to 1 min for port 22); 59 s is not enough.
    func testSSHPortInactivityIsOneMinute() throws {
        for (delay, rows) in [(59_000, 1), (61_000, 2)] {
            var tcp = FlowHosts.tcp(serverPort: 22)
            tcp.syn()                                       // 0 S 44
            tcp.synAck()                                    // 1 h 44
            tcp.ack(from: .client)                          // 2 A 40
            tcp.clock.now = at(Int64(delay))
            tcp.send(flowTestPayload(10), from: .client)    // 50
            let run = try FlowHarness.run(tcp.packets)
            let found = run.rows(orig: FlowHosts.client, FlowHosts.clientPort, resp: FlowHosts.server, 22)
            XCTAssertEqual(found.count, rows, "port 22, data \(delay) ms after the handshake:\n\(run.connLogText)")
            guard found.count == 2 else { continue }
            assertConn(found[0], FlowHosts.tcpRow(
                serverPort: 22, duration: flowTestInterval(2), origBytes: "0", respBytes: "0", state: "S1",
                history: "ShA", origPkts: 2, origIPBytes: 84, respPkts: 1, respIPBytes: 44))
            assertConn(found[1], FlowHosts.tcpRow(
                ts: delay, serverPort: 22, duration: "-", origBytes: "-", respBytes: "-", state: "OTH",
                history: "D", origPkts: 1, origIPBytes: 50, respPkts: 0, respIPBytes: 0))
        }
    }

    /// UDP to port 53 has the DNS analyzer attached: the connection is checked
    /// every 10 s from its start and removed once idle ≥ 9 s, so a second query
    /// 15 s after the first is a new connection (the generic UDP timeout would
    /// be 60 s). A query 8 s later stays in the same connection.
    func testDNSSessionTimeout() throws {
        for (delay, rows) in [(8_000, 1), (15_000, 2)] {
            var udp = FlowHosts.udp(clientPort: 40_000, serverPort: 53)
            // A well-formed query for "a.example" A IN, 27 bytes.
            let query: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                  0x01, 0x61, 0x07] + Array("example".utf8) + [0x00, 0x00, 0x01, 0x00, 0x01]
            udp.send(query, from: .client)                  // 0
            udp.clock.now = at(Int64(delay))
            udp.send(query, from: .client)
            let run = try FlowHarness.run(udp.packets)
            let found = run.rows(orig: FlowHosts.client, 40_000, resp: FlowHosts.server, 53)
            XCTAssertEqual(found.count, rows, "second DNS query \(delay) ms after the first:\n\(run.connLogText)")
        }
    }
}

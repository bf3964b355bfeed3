import CaptureGenerator
import XCTest

/// ICMP "ports", bytes and state (LOGS.md §5.2, §5.6, §5.8), TCP sequence
/// wrap-around and mid-stream connections (§5.8, §6.1 edge cases), and
/// local_orig/local_resp (§5.11). Packet n at t0 + n ms.
final class ICMPAndTCPEdgeTests: XCTestCase {
    /// Three pings with 32-byte payloads: one connection 8 → 0, OTH, no history,
    /// bytes = IP payload − 8 per message (32 each), IP length 20 + 8 + 32 = 60.
    func testICMPEchoIsOneConnection() throws {
        var echo = ICMPEcho(client: "192.168.1.10", server: "192.168.1.1")
        for _ in 0..<3 {
            echo.request()   // 0, 2, 4 ms
            echo.reply()     // 1, 3, 5 ms
        }
        let run = try FlowHarness.run(echo.packets)
        assertConn(try run.onlyRow(), ExpectedConn(
            ts: flowTestTime(0), orig: "192.168.1.10", 8, resp: "192.168.1.1", 0, proto: "icmp",
            duration: flowTestInterval(5), origBytes: "96", respBytes: "96", state: "OTH", history: "-",
            origPkts: 3, origIPBytes: 180, respPkts: 3, respIPBytes: 180))
    }

    /// ICMPv6 echo: 128 → 129, proto still `icmp`, ip_proto 58; 16-byte payloads,
    /// IP length 40 + 8 + 16 = 64.
    func testICMPv6EchoIsOneConnection() throws {
        var echo = ICMPEcho(client: "fd00::1", server: "fd00::2")
        for _ in 0..<2 {
            echo.request(payload: flowTestPayload(16))   // 0, 2 ms
            echo.reply(payload: flowTestPayload(16))     // 1, 3 ms
        }
        let run = try FlowHarness.run(echo.packets)
        var expected = ExpectedConn(
            ts: flowTestTime(0), orig: "fd00::1", 128, resp: "fd00::2", 129, proto: "icmp",
            duration: flowTestInterval(3), origBytes: "32", respBytes: "32", state: "OTH", history: "-",
            origPkts: 2, origIPBytes: 128, respPkts: 2, respIPBytes: 128)
        expected.ipProto = 58
        assertConn(try run.onlyRow(), expected)
    }

    /// Destination unreachable (type 3) is one-way: `R:3 → H:code`. Two
    /// port-unreachables (code 3) share a connection; a host-unreachable (code 1)
    /// is another. Each carries the offending IP header + 8 bytes (28 bytes),
    /// so IP length 20 + 8 + 28 = 56 and bytes 28 per message.
    func testICMPUnreachableIsOneWay() throws {
        var path = FlowPath(client: "192.168.1.1", server: "192.168.1.10")
        let offending = IPv4Packet(source: "192.168.1.10", destination: "192.168.1.1",
                                   payload: UDPDatagram(sourcePort: 40_000, destinationPort: 9)).bytes()
        XCTAssertEqual(offending.count, 28)
        path.emit(ICMPv4Message(type: 3, code: 3, payload: offending), from: .client)   // 0
        path.emit(ICMPv4Message(type: 3, code: 3, payload: offending), from: .client)   // 1
        path.emit(ICMPv4Message(type: 3, code: 1, payload: offending), from: .client)   // 2
        let run = try FlowHarness.run(path.packets)
        XCTAssertEqual(run.rows.count, 2)
        assertConn(try run.row(orig: "192.168.1.1", 3, resp: "192.168.1.10", 3), ExpectedConn(
            ts: flowTestTime(0), orig: "192.168.1.1", 3, resp: "192.168.1.10", 3, proto: "icmp",
            duration: flowTestInterval(1), origBytes: "56", respBytes: "0", state: "OTH", history: "-",
            origPkts: 2, origIPBytes: 112, respPkts: 0, respIPBytes: 0))
        // Single packet: duration and bytes unset.
        assertConn(try run.row(orig: "192.168.1.1", 3, resp: "192.168.1.10", 1), ExpectedConn(
            ts: flowTestTime(2), orig: "192.168.1.1", 3, resp: "192.168.1.10", 1, proto: "icmp",
            duration: "-", origBytes: "-", respBytes: "-", state: "OTH", history: "-",
            origPkts: 1, origIPBytes: 56, respPkts: 0, respIPBytes: 0))
    }

    /// ISNs just below 2^32: the client's data and the server's first data byte
    /// cross the wrap; byte counts still equal the payload sent.
    func testSequenceWrapAround() throws {
        var tcp = FlowHosts.tcp(clientISN: 0xFFFF_FF00, serverISN: 0xFFFF_FFFF)
        tcp.syn()                                         // 0 S 44
        tcp.synAck()                                      // 1 h 44 (server's SYN is seq 0xFFFFFFFF)
        tcp.ack(from: .client)                            // 2 A 40
        tcp.send(flowTestPayload(200), from: .client)     // 3 D 240, seq 0xFFFFFF01 … 0x000000C8 (wraps)
        tcp.ack(from: .server)                            // 4 a 40
        tcp.send(flowTestPayload(200), from: .client)     // 5 240
        tcp.send(flowTestPayload(100), from: .server)     // 6 d 140, seq 0x00000000 (after the wrap)
        tcp.fin(from: .client)                            // 7 F 40
        tcp.fin(from: .server)                            // 8 f 40
        tcp.ack(from: .client)                            // 9 40 (after both FINs: not in duration)
        let run = try FlowHarness.run(tcp.packets)
        // SF; orig_bytes 400 and resp_bytes 100 from 64-bit sequence arithmetic.
        // orig packets 0,2,3,5,7,9: 44+40+240+240+40+40 = 644; resp 1,4,6,8: 44+40+140+40 = 264.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(8), origBytes: "400", respBytes: "100", state: "SF", history: "ShADadFf",
            origPkts: 6, origIPBytes: 644, respPkts: 4, respIPBytes: 264))
    }

    /// A connection first seen mid-stream at an arbitrary sequence number: no S
    /// in the history, OTH, bytes counted from the first seen byte.
    func testMidStreamConnection() throws {
        var tcp = FlowHosts.tcp(serverPort: 5_555, clientISN: 2_999_999_999, serverISN: 123_456)
        tcp.markEstablished()                             // client next 3_000_000_000, server 123_457
        tcp.send(flowTestPayload(300), from: .client)     // 0 D 340
        tcp.ack(from: .server)                            // 1 a 40
        tcp.send(flowTestPayload(100), from: .server)     // 2 d 140
        tcp.ack(from: .client)                            // 3 A 40
        let run = try FlowHarness.run(tcp.packets)
        // Both sides PARTIAL → OTH (rule 8). ISN taken as first seen seq − 1:
        // orig 3_000_000_300 − 2_999_999_999 − 1 = 300; resp 123_557 − 123_456 − 1 = 100.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            serverPort: 5_555, duration: flowTestInterval(3), origBytes: "300", respBytes: "100", state: "OTH",
            history: "DadA", origPkts: 2, origIPBytes: 380, respPkts: 2, respIPBytes: 180))
    }

    /// local_orig/local_resp: with zeekctl's networks (10/8, 172.16/12,
    /// 192.168/16) T/F per address, IPv6 never local; with `none` both `-`; with
    /// an explicit list, exactly that list.
    func testLocalNetworks() throws {
        let flows: [(client: String, server: String)] = [
            ("192.168.1.10", "8.8.8.8"),
            ("172.16.5.5", "172.32.0.1"),      // 172.32.0.1 is just outside 172.16.0.0/12
            ("10.255.255.255", "11.0.0.1"),
            ("fd00::1", "fd00::2"),
        ]
        var packets: [Packet] = []
        for (index, flow) in flows.enumerated() {
            var udp = UDPExchange(client: HostAddress(stringLiteral: flow.client), clientPort: 40_000,
                                  server: HostAddress(stringLiteral: flow.server), serverPort: 50_000,
                                  clock: PacketClock(start: CaptureTime(seconds: flowTestStartSeconds + Int64(index))))
            udp.send(flowTestPayload(10), from: .client)   // one datagram: 38 (IPv4) or 58 (IPv6)
            packets += udp.packets
        }
        let cases: [(argument: String, expected: [(String, String)])] = [
            ("zeekctl", [("T", "F"), ("T", "F"), ("T", "F"), ("F", "F")]),
            ("none", [("-", "-"), ("-", "-"), ("-", "-"), ("-", "-")]),
            ("8.8.8.0/24,fd00::/8", [("F", "T"), ("F", "F"), ("F", "F"), ("T", "T")]),
        ]
        for (argument, expectations) in cases {
            let run = try FlowHarness.run(packets, localNetworks: argument)
            XCTAssertEqual(run.rows.count, flows.count)
            for (index, flow) in flows.enumerated() {
                var expected = ExpectedConn(
                    ts: flowTestTime(1000 * index), orig: flow.client, 40_000, resp: flow.server, 50_000, proto: "udp",
                    duration: "-", origBytes: "-", respBytes: "-", state: "S0", history: "D",
                    origPkts: 1, origIPBytes: flow.client.contains(":") ? 58 : 38, respPkts: 0, respIPBytes: 0)
                expected.localOrig = expectations[index].0
                expected.localResp = expectations[index].1
                assertConn(try run.row(orig: flow.client, 40_000, resp: flow.server, 50_000), expected,
                           line: #line)
            }
        }
    }
}

import CaptureGenerator
import XCTest

/// IP fragment reassembly: datagrams rebuilt as Zeek sees them, and hostile
/// fragments (too long once reassembled, or too many) counted and dropped
/// without costing the rest of the slice.
final class FragmentReassemblyTests: XCTestCase {
    /// Fragments of an IPv6 datagram that carries an unfragmentable hop-by-hop
    /// header: after reassembly the IP length is 40 + 8 (hop-by-hop) + 2008.
    func testIPv6FragmentsBehindHopByHop() throws {
        var udp = UDPExchange(client: "fd00::1", clientPort: 40_000, server: "fd00::2", serverPort: 50_000)
        let datagram = IPv6Packet(source: "fd00::1", destination: "fd00::2",
                                  payload: udp.datagram(flowTestPayload(2_000), from: .client),
                                  extensionHeaders: [.hopByHop(options: [])])
        for fragment in datagram.fragments(payloadSizes: [1_232], identification: 99) {
            udp.path.emit(ipPacket: fragment, from: .client)   // 0, 1 ms
        }
        udp.send(flowTestPayload(12), from: .server)           // 2 ms: 60
        let run = try FlowHarness.run(udp.packets)
        assertConn(try run.onlyRow(), ExpectedConn(
            ts: flowTestTime(1), orig: "fd00::1", 40_000, resp: "fd00::2", 50_000, proto: "udp",
            duration: flowTestInterval(1), origBytes: "2000", respBytes: "12", state: "SF", history: "Dd",
            origPkts: 1, origIPBytes: 2_056, respPkts: 1, respIPBytes: 60))
    }

    /// The largest datagram IPv4 can carry (total length 65,535) is reassembled.
    func testLargestIPv4DatagramIsReassembled() throws {
        var udp = UDPExchange(client: "10.0.0.1", clientPort: 40_000, server: "10.0.0.2", serverPort: 50_000)
        let datagram = IPv4Packet(source: "10.0.0.1", destination: "10.0.0.2",
                                  payload: udp.datagram(flowTestPayload(65_507), from: .client), identification: 7)
        for fragment in datagram.fragments(payloadSizes: Array(repeating: 1_480, count: 44)) {
            udp.path.emit(ipPacket: fragment, from: .client)
        }
        let run = try FlowHarness.run(udp.packets)
        let row = try run.onlyRow()
        XCTAssertEqual(row["orig_ip_bytes"], "65535")
        XCTAssertEqual(row["orig_pkts"], "1")
        XCTAssertNil(anomalies(run)["ip_fragment_datagram_too_long"])
    }

    /// "Ping of death": fragments that reassemble past 65,535 bytes. The datagram
    /// is counted and dropped; the traffic around it is logged.
    func testIPv4PingOfDeathIsCountedAndTheSliceGoesOn() throws {
        for (options, payload) in [([UInt8](), 65_516), ([UInt8](), 65_535), (Array(repeating: 1, count: 40), 65_496)] {
            var udp = UDPExchange(client: "10.0.0.1", clientPort: 40_000, server: "10.0.0.2", serverPort: 50_000)
            udp.send(flowTestPayload(10), from: .client)
            var hostile = IPv4Packet(source: "10.0.0.9", destination: "10.0.0.2",
                                     payload: RawPayload(protocolNumber: IPProtocolNumber.icmp,
                                                         payload: [8, 0, 0, 0, 0, 1, 0, 1] + Array(repeating: 0x41, count: payload - 8)),
                                     identification: 666)
            hostile.options = options
            for fragment in hostile.fragments(payloadSizes: Array(repeating: 1_480, count: 44)) {
                udp.path.emit(ipPacket: fragment, from: .client)
            }
            udp.send(flowTestPayload(20), from: .server)
            let run = try FlowHarness.run(udp.packets)
            let row = try run.onlyRow()
            XCTAssertEqual(row["orig_bytes"], "10", "payload \(payload), \(options.count) option bytes")
            XCTAssertEqual(row["resp_bytes"], "20")
            XCTAssertEqual(anomalies(run)["ip_fragment_datagram_too_long"], 1)
        }
    }

    /// The IPv6 form: a hop-by-hop header before the Fragment header, and
    /// header plus payload past 65,535.
    func testIPv6DatagramTooLongOnceReassembledIsCounted() throws {
        var udp = UDPExchange(client: "fd00::1", clientPort: 40_000, server: "fd00::2", serverPort: 50_000)
        udp.send(flowTestPayload(10), from: .client)
        let hostile = IPv6Packet(source: "fd00::9", destination: "fd00::2",
                                 payload: RawPayload(protocolNumber: 58, payload: [128, 0, 0, 0, 0, 1, 0, 1]
                                                     + Array(repeating: 0x41, count: 65_520)),
                                 extensionHeaders: [.hopByHop(options: [])])
        for fragment in hostile.fragments(payloadSizes: Array(repeating: 1_232, count: 60), identification: 5) {
            udp.path.emit(ipPacket: fragment, from: .client)
        }
        udp.send(flowTestPayload(20), from: .server)
        let run = try FlowHarness.run(udp.packets)
        XCTAssertEqual(try run.onlyRow()["resp_bytes"], "20")
        XCTAssertEqual(anomalies(run)["ip_fragment_datagram_too_long"], 1)
    }

    /// A flood of overlapping fragments for one datagram is cut off at the
    /// per-datagram bound (1,024) instead of being kept and re-checked forever;
    /// fragments after the cut start the datagram afresh.
    func testFragmentFloodForOneDatagramIsBounded() throws {
        var udp = UDPExchange(client: "10.0.0.1", clientPort: 40_000, server: "10.0.0.2", serverPort: 50_000)
        let datagram = IPv4Packet(source: "10.0.0.1", destination: "10.0.0.2",
                                  payload: udp.datagram(flowTestPayload(64), from: .client), identification: 9)
        let first = datagram.fragment(payloadRange: 0..<16, moreFragments: true)
        for _ in 0..<1_100 { udp.path.emit(ipPacket: first, from: .client) }
        udp.path.emit(ipPacket: datagram.fragment(payloadRange: 16..<72, moreFragments: false), from: .client)
        let run = try FlowHarness.run(udp.packets)
        XCTAssertEqual(try run.onlyRow()["orig_ip_bytes"], "92", "20 + 8 + 64: the datagram, reassembled")
        XCTAssertEqual(anomalies(run)["ip_fragment_too_many_fragments"], 1)
    }

    private func anomalies(_ run: ConnLogRun) -> [String: Int] {
        run.manifest["anomalies"] as? [String: Int] ?? [:]
    }
}

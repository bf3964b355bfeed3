import CaptureGenerator
import XCTest

/// The same small UDP exchange under every link layer LOGS.md §5.1 lists, in
/// pcapng and nanosecond pcap, with snaplen-truncated packets and IPv4 options:
/// the row must not change except where §5.14 (link-layer addresses) and §3.3
/// (microsecond rounding) say so; truncated packets still count fully (§6.1
/// edge cases). Client 192.168.1.10:40000 → server .20:50000, packet n at t0 + n ms.
final class LinkAndCaptureVariantsTests: XCTestCase {
    /// 10 bytes out (IP 38), 20 back (IP 48): SF, "Dd".
    private func exchange(link: any LinkLayer, clock: PacketClock = PacketClock()) -> [Packet] {
        var udp = UDPExchange(client: "192.168.1.10", clientPort: 40_000, server: "192.168.1.20", serverPort: 50_000,
                              link: link, clock: clock)
        udp.send(flowTestPayload(10), from: .client)
        udp.send(flowTestPayload(20), from: .server)
        return udp.packets
    }

    private func exchangeRow(origL2: String, respL2: String) -> ExpectedConn {
        var expected = ExpectedConn(
            ts: flowTestTime(0), orig: "192.168.1.10", 40_000, resp: "192.168.1.20", 50_000, proto: "udp",
            duration: flowTestInterval(1), origBytes: "10", respBytes: "20", state: "SF", history: "Dd",
            origPkts: 1, origIPBytes: 38, respPkts: 1, respIPBytes: 48)
        expected.origL2 = origL2
        expected.respL2 = respL2
        return expected
    }

    func testLinkLayers() throws {
        let cases: [(name: String, link: any LinkLayer, linkType: UInt32, origL2: String, respL2: String)] = [
            // No link-layer addresses at all → both unset.
            ("raw IP", RawIPLink(), PcapLinkType.raw, "-", "-"),
            ("NULL/loopback", NullLink(), PcapLinkType.null, "-", "-"),
            // Linux cooked captures carry one address: the originator's only.
            ("Linux cooked v1", LinuxCookedLink(address: "02:00:00:00:00:0a"), PcapLinkType.linuxSLL, "02:00:00:00:00:0a", "-"),
            ("Linux cooked v2", LinuxCooked2Link(address: "02:00:00:00:00:0b"), PcapLinkType.linuxSLL2, "02:00:00:00:00:0b", "-"),
            // Shims between Ethernet and IP keep the Ethernet addresses.
            ("MPLS", EthernetLink(shim: .mpls([MPLSLabel(100), MPLSLabel(200)])), PcapLinkType.ethernet,
             flowTestClientMAC, flowTestServerMAC),
            ("PPPoE", EthernetLink(shim: .pppoe(sessionID: 7)), PcapLinkType.ethernet, flowTestClientMAC, flowTestServerMAC),
            ("padded Ethernet", EthernetLink(padsToMinimum: true), PcapLinkType.ethernet, flowTestClientMAC, flowTestServerMAC),
            // 802.3 with LLC/SNAP (one- and two-byte control fields) keeps the Ethernet addresses.
            ("802.3 LLC/SNAP", IEEE8023SNAPLink(), PcapLinkType.ethernet, flowTestClientMAC, flowTestServerMAC),
            ("802.3 LLC/SNAP, I-format", IEEE8023SNAPLink(control: [0x00, 0x00]), PcapLinkType.ethernet,
             flowTestClientMAC, flowTestServerMAC),
            // PBB: the customer frame's addresses, not the backbone's.
            ("802.1ah PBB", PBBLink(), PcapLinkType.ethernet, flowTestClientMAC, flowTestServerMAC),
            ("NFLOG", NFLOGLink(), PcapLinkType.nflog, "-", "-"),
            ("PPP in HDLC framing", PPPSerialLink(), PcapLinkType.pppSerial, "-", "-"),
            // Zeek's FDDI analyzer skips the header without recording its addresses.
            ("FDDI", FDDILink(), PcapLinkType.fddi, "-", "-"),
            // 802.11 to the DS: the station (address 2) and the destination (address 3).
            ("802.11", IEEE80211Link(), PcapLinkType.ieee80211, "02:00:00:00:00:01", "02:00:00:00:00:02"),
        ]
        for item in cases {
            let run = try FlowHarness.run(exchange(link: item.link), captureFormat: .pcap(linkType: item.linkType))
            XCTAssertEqual(run.rows.count, 1, "\(item.name):\n\(run.connLogText)")
            guard let row = run.rows.first else { continue }
            assertConn(row, exchangeRow(origL2: item.origL2, respL2: item.respL2))
        }
    }

    /// SNAP under an organisation's own code names no EtherType: Zeek forwards
    /// only OUI 0, so the frame is counted as non-IP and makes no connection.
    func testSNAPWithAnOrganisationCodeIsNotIP() throws {
        let run = try FlowHarness.run(exchange(link: IEEE8023SNAPLink(organization: 0x00000C)))
        XCTAssertTrue(run.rows.isEmpty, run.connLogText)
        let packets = try XCTUnwrap(run.manifest["counts"] as? [String: Any])
        XCTAssertEqual(packets["decoded"] as? Int, 0)
        XCTAssertEqual((packets["non_ip_by_ether_type"] as? [String: Int])?.values.reduce(0, +), 2)
    }

    func testPcapngGivesTheSameRow() throws {
        let run = try FlowHarness.run(exchange(link: EthernetLink()), captureFormat: .pcapng())
        assertConn(try run.onlyRow(), exchangeRow(origL2: flowTestClientMAC, respL2: flowTestServerMAC))
    }

    /// Nanosecond timestamps are rounded to the microsecond in `ts` and `duration`.
    func testNanosecondTimestampsAreRoundedToMicroseconds() throws {
        // Packets at t0 + 1_234_567 ns and t0 + 2_000_000 ns.
        let clock = PacketClock(start: CaptureTime(seconds: flowTestStartSeconds, nanoseconds: 1_234_567), step: 765_433)
        let run = try FlowHarness.run(exchange(link: EthernetLink(), clock: clock),
                                      captureFormat: .pcap(precision: .nanoseconds))
        var expected = exchangeRow(origL2: flowTestClientMAC, respL2: flowTestServerMAC)
        expected.ts = "1700000000.001235"       // .001234567 rounded
        expected.duration = "0.000765"          // 765_433 ns rounded
        assertConn(try run.onlyRow(), expected)
    }

    /// A capture with snaplen 80: a 500-byte datagram still counts 500 bytes and
    /// IP length 528, from the headers.
    func testSnaplenTruncatedUDPCountsFully() throws {
        var udp = UDPExchange(client: "192.168.1.10", clientPort: 40_000, server: "192.168.1.20", serverPort: 50_000)
        udp.send(flowTestPayload(500), from: .client)   // 0: IP 528, frame 542 → 80 captured
        udp.send(flowTestPayload(20), from: .server)    // 1: IP 48, frame 62 (complete)
        let run = try FlowHarness.run(udp.packets, captureFormat: .pcap(snaplen: 80))
        var expected = exchangeRow(origL2: flowTestClientMAC, respL2: flowTestServerMAC)
        expected.origBytes = "500"
        expected.origIPBytes = 528
        assertConn(try run.onlyRow(), expected)
    }

    /// A snaplen-truncated TCP data segment: IP bytes from the header, payload
    /// bytes from sequence numbers (not acknowledged, so no gap question arises).
    func testSnaplenTruncatedTCPCountsFully() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                        // 0 S 44 (frame 58, complete)
        tcp.synAck()                                     // 1 h 44
        tcp.ack(from: .client)                           // 2 A 40
        tcp.send(flowTestPayload(1_000), from: .client)  // 3 D IP 1040, frame cut to 80
        let run = try FlowHarness.run(tcp.packets, captureFormat: .pcap(snaplen: 80))
        // S1; orig_bytes: last 2001 → 1001 − 1 = 1000; orig IP bytes 44 + 40 + 1040.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(3), origBytes: "1000", respBytes: "0", state: "S1", history: "ShAD",
            origPkts: 3, origIPBytes: 1_124, respPkts: 1, respIPBytes: 44))
    }

    /// IPv4 options make the header 24 bytes: the IP total length (42) is what counts.
    func testIPv4OptionsAreIncludedInIPBytes() throws {
        var udp = UDPExchange(client: "192.168.1.10", clientPort: 40_000, server: "192.168.1.20", serverPort: 50_000)
        var request = IPv4Packet(source: "192.168.1.10", destination: "192.168.1.20",
                                 payload: udp.datagram(flowTestPayload(10), from: .client))
        request.options = [1, 1, 1, 1]                   // four NOPs
        udp.path.emit(ipPacket: request.bytes(), from: .client)   // 0: 24 + 18 = 42
        udp.send(flowTestPayload(20), from: .server)              // 1: 48
        let run = try FlowHarness.run(udp.packets)
        var expected = exchangeRow(origL2: flowTestClientMAC, respL2: flowTestServerMAC)
        expected.origIPBytes = 42
        assertConn(try run.onlyRow(), expected)
    }
}

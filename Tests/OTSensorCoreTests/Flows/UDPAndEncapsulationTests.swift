import CaptureGenerator
import XCTest

/// UDP conn_state and direction (LOGS.md §5.2 rule 2, §5.6), VLAN columns
/// (§5.13), IPv6 extension headers and IP fragment reassembly (§5.1), with the
/// counters of §5.8. Hosts 192.168.1.10 (client) and .20 (server) unless noted;
/// packet n at t0 + n ms. UDP IP length = 20 + 8 + payload (IPv6: 40 + …).
final class UDPAndEncapsulationTests: XCTestCase {
    private func udpRow(ts: Int = 0, orig: String = FlowHosts.client, _ origP: Int = 40_000,
                        resp: String = FlowHosts.server, _ respP: Int = 50_000, duration: String,
                        origBytes: String, respBytes: String, state: String, history: String,
                        origPkts: Int, origIPBytes: Int, respPkts: Int, respIPBytes: Int) -> ExpectedConn {
        ExpectedConn(ts: flowTestTime(ts), orig: orig, origP, resp: resp, respP, proto: "udp", duration: duration,
                     origBytes: origBytes, respBytes: respBytes, state: state, history: history,
                     origPkts: origPkts, origIPBytes: origIPBytes, respPkts: respPkts, respIPBytes: respIPBytes)
    }

    /// Both sides sent: SF, D then d, bytes = UDP length − 8 per datagram.
    func testUDPRequestAndReplyIsSF() throws {
        var udp = FlowHosts.udp()
        udp.send(flowTestPayload(10), from: .client)   // 0 D 38
        udp.send(flowTestPayload(20), from: .server)   // 1 d 48
        udp.send(flowTestPayload(5), from: .client)    // 2 (D once) 33
        let run = try FlowHarness.run(udp.packets)
        // 40000 and 50000 are not likely server ports: no flip. o and r ACTIVE → SF.
        assertConn(try run.onlyRow(), udpRow(
            duration: flowTestInterval(2), origBytes: "15", respBytes: "20", state: "SF", history: "Dd",
            origPkts: 2, origIPBytes: 71, respPkts: 1, respIPBytes: 48))
    }

    /// Only the originator sent: S0.
    func testUDPWithoutReplyIsS0() throws {
        var udp = FlowHosts.udp()
        udp.send(flowTestPayload(10), from: .client)   // 0 D 38
        udp.send(flowTestPayload(15), from: .client)   // 1   43
        let run = try FlowHarness.run(udp.packets)
        assertConn(try run.onlyRow(), udpRow(
            duration: flowTestInterval(1), origBytes: "25", respBytes: "0", state: "S0", history: "D",
            origPkts: 2, origIPBytes: 81, respPkts: 0, respIPBytes: 0))
    }

    /// First datagram from port 53 to a high port: flipped at creation (§5.2
    /// rule 2), so the high port is the originator and the history starts with ^.
    /// The service column is not asserted: Zeek's DNS analyzer on 53/udp decides
    /// it (§5.10), and these payloads are not DNS.
    func testUDPFromLikelyServerPortIsFlipped() throws {
        var udp = FlowHosts.udp(clientPort: 33_333, serverPort: 53)
        udp.send(flowTestPayload(60), from: .server)   // 0 53 → 33333: flip "^", then from resp "d", 88
        udp.send(flowTestPayload(30), from: .client)   // 1 "D" 58
        let run = try FlowHarness.run(udp.packets)
        var row = try run.onlyRow()
        var values = row.values
        values["service"] = "-"
        row = ConnLogRow(values: values, line: row.line)
        assertConn(row, udpRow(
            33_333, 53, duration: flowTestInterval(1), origBytes: "30", respBytes: "60", state: "SF",
            history: "^dD", origPkts: 1, origIPBytes: 58, respPkts: 1, respIPBytes: 88))
    }

    /// A lone datagram from 53 to a high port: flipped, so only the responder
    /// sent → SHR; single packet → duration and bytes unset.
    func testLoneUDPFromLikelyServerPortIsSHR() throws {
        var udp = FlowHosts.udp(clientPort: 33_333, serverPort: 123)
        udp.send(flowTestPayload(48), from: .server)   // 0 123 → 33333, 76
        let run = try FlowHarness.run(udp.packets)
        var row = try run.onlyRow()
        var values = row.values
        values["service"] = "-"   // decided by the NTP analyzer in Zeek, not under test here
        row = ConnLogRow(values: values, line: row.line)
        assertConn(row, udpRow(
            33_333, 123, duration: "-", origBytes: "-", respBytes: "-", state: "SHR", history: "^d",
            origPkts: 0, origIPBytes: 0, respPkts: 1, respIPBytes: 76))
    }

    /// Both ports likely server ports (53 → 123): no flip.
    func testUDPBetweenTwoServerPortsIsNotFlipped() throws {
        var udp = FlowHosts.udp(clientPort: 53, serverPort: 123)
        udp.send(flowTestPayload(8), from: .client)    // 0 D 36
        let run = try FlowHarness.run(udp.packets)
        var row = try run.onlyRow()
        var values = row.values
        values["service"] = "-"
        row = ConnLogRow(values: values, line: row.line)
        assertConn(row, udpRow(
            53, 123, duration: "-", origBytes: "-", respBytes: "-", state: "S0", history: "D",
            origPkts: 1, origIPBytes: 36, respPkts: 0, respIPBytes: 0))
    }

    /// vlan / inner_vlan come from the first packet's tags (§5.13): one 802.1Q tag,
    /// an 802.1ad + 802.1Q pair (QinQ), and a priority tag with VLAN ID 0 (absent).
    func testVLANAndQinQColumns() throws {
        let single = EthernetLink(vlanTags: [VLANTag(id: 100)])
        let qinq = EthernetLink(vlanTags: [VLANTag(id: 200, tpid: EtherTypeValue.qinq), VLANTag(id: 300)])
        let priority = EthernetLink(vlanTags: [VLANTag(id: 0, priority: 5)])
        var packets: [Packet] = []
        for (index, link) in [single, qinq, priority].enumerated() {
            var udp = FlowHosts.udp(clientPort: UInt16(40_001 + index), link: link)
            udp.clock = PacketClock(start: CaptureTime(seconds: flowTestStartSeconds + Int64(index)))
            udp.send(flowTestPayload(10), from: .client)   // +0 D 38
            udp.send(flowTestPayload(20), from: .server)   // +1 d 48
            packets += udp.packets
        }
        let run = try FlowHarness.run(packets)
        XCTAssertEqual(run.rows.count, 3)
        for (index, tags) in [("100", "-"), ("200", "300"), ("-", "-")].enumerated() {
            // IP lengths do not include the tags; otherwise an ordinary SF exchange.
            var expected = udpRow(
                ts: 1000 * index, 40_001 + index, duration: flowTestInterval(1), origBytes: "10", respBytes: "20",
                state: "SF", history: "Dd", origPkts: 1, origIPBytes: 38, respPkts: 1, respIPBytes: 48)
            expected.vlan = tags.0
            expected.innerVLAN = tags.1
            assertConn(try run.row(orig: FlowHosts.client, 40_001 + index, resp: FlowHosts.server, 50_000), expected)
        }
    }

    /// IPv6 with a hop-by-hop and a destination-options header before UDP: the
    /// transport is found behind them; ip bytes = payload length + 40, where the
    /// payload length includes the extension headers (8 + 8 here).
    func testIPv6ExtensionHeadersAreSkipped() throws {
        var udp = UDPExchange(client: "fd00::1", clientPort: 40_000, server: "fd00::2", serverPort: 50_000)
        var request = IPv6Packet(source: "fd00::1", destination: "fd00::2", payload: udp.datagram(flowTestPayload(10), from: .client),
                                 extensionHeaders: [.hopByHop(options: []), .destinationOptions(options: [])])
        request.hopLimit = 64
        udp.path.emit(ipPacket: request.bytes(), from: .client)   // 0 D: 40 + 8 + 8 + 18 = 74
        udp.send(flowTestPayload(20), from: .server)               // 1 d: 40 + 28 = 68
        let run = try FlowHarness.run(udp.packets)
        assertConn(try run.onlyRow(), udpRow(
            orig: "fd00::1", resp: "fd00::2", duration: flowTestInterval(1), origBytes: "10", respBytes: "20",
            state: "SF", history: "Dd", origPkts: 1, origIPBytes: 74, respPkts: 1, respIPBytes: 68))
    }

    /// A TCP SYN behind IPv6 extension headers, answered normally.
    func testIPv6ExtensionHeadersBeforeTCP() throws {
        var tcp = TCPConversation(client: "fd00::1", clientPort: 49_152, server: "fd00::2", serverPort: 80)
        let syn = TCPSegment(sourcePort: 49_152, destinationPort: 80, sequenceNumber: 1_000, flags: .syn)
        tcp.path.emit(ipPacket: IPv6Packet(source: "fd00::1", destination: "fd00::2", payload: syn,
                                           extensionHeaders: [.hopByHop(options: []), .destinationOptions(options: [])]).bytes(),
                      from: .client)                            // 0 S: 40 + 16 + 20 = 76
        tcp.markEstablished()                                   // the SYN above consumed ISN 1000
        tcp.packet(from: .server, flags: [.syn, .ack], sequence: 5_000, acknowledgment: 1_001)  // 1 h: 60
        tcp.packet(from: .client, flags: .ack, sequence: 1_001, acknowledgment: 5_001)           // 2 A: 60
        let run = try FlowHarness.run(tcp.packets)
        // SYN_SENT then ESTABLISHED on both sides → S1; no data: 0/0 bytes.
        assertConn(try run.onlyRow(), ExpectedConn(
            ts: flowTestTime(0), orig: "fd00::1", 49_152, resp: "fd00::2", 80, proto: "tcp",
            duration: flowTestInterval(2), origBytes: "0", respBytes: "0", state: "S1", history: "ShA",
            origPkts: 2, origIPBytes: 136, respPkts: 1, respIPBytes: 60))
    }

    /// An IPv4 UDP datagram of 3000 payload bytes in three fragments (in order,
    /// and again in reverse order): the connection sees one packet, at the time
    /// of the fragment that completed it, with the reassembled IP length.
    func testIPv4FragmentsAreReassembledIntoOnePacket() throws {
        for reversed in [false, true] {
            var udp = FlowHosts.udp()
            let datagram = IPv4Packet(source: "192.168.1.10", destination: "192.168.1.20",
                                      payload: udp.datagram(flowTestPayload(3_000), from: .client), identification: 0x4242)
            var fragments = datagram.fragments(payloadSizes: [1_480, 1_480])   // 1480 + 1480 + 48 of 3008
            XCTAssertEqual(fragments.count, 3)
            if reversed { fragments.reverse() }
            for fragment in fragments { udp.path.emit(ipPacket: fragment, from: .client) }   // 0, 1, 2 ms
            udp.send(flowTestPayload(12), from: .server)                                      // 3 ms: d, 40
            let run = try FlowHarness.run(udp.packets)
            // ts = the completing fragment (2 ms); duration 3 − 2 = 1 ms.
            // orig_ip_bytes = 20 + 8 + 3000 = 3028 for ONE packet; orig_bytes = UDP length − 8 = 3000.
            assertConn(try run.onlyRow(), udpRow(
                ts: 2, duration: flowTestInterval(1), origBytes: "3000", respBytes: "12", state: "SF",
                history: "Dd", origPkts: 1, origIPBytes: 3_028, respPkts: 1, respIPBytes: 40))
            let packets = try XCTUnwrap(run.manifest["counts"] as? [String: Any])
            XCTAssertEqual(packets["read"] as? Int, 4)
            XCTAssertEqual(packets["fragments"] as? Int, 3)
            XCTAssertEqual(packets["reassembled_datagrams"] as? Int, 1)
        }
    }

    /// An IPv6 UDP datagram of 2000 payload bytes in two fragments.
    func testIPv6FragmentsAreReassembledIntoOnePacket() throws {
        var udp = UDPExchange(client: "fd00::1", clientPort: 40_000, server: "fd00::2", serverPort: 50_000)
        let datagram = IPv6Packet(source: "fd00::1", destination: "fd00::2",
                                  payload: udp.datagram(flowTestPayload(2_000), from: .client))
        let fragments = datagram.fragments(payloadSizes: [1_232], identification: 0x0001_2345)   // 1232 + 776 of 2008
        XCTAssertEqual(fragments.count, 2)
        for fragment in fragments { udp.path.emit(ipPacket: fragment, from: .client) }   // 0, 1 ms
        udp.send(flowTestPayload(12), from: .server)                                      // 2 ms: 40 + 20 = 60
        let run = try FlowHarness.run(udp.packets)
        // One packet at 1 ms; the reassembled packet has no Fragment header: 40 + 2008 = 2048.
        assertConn(try run.onlyRow(), udpRow(
            ts: 1, orig: "fd00::1", resp: "fd00::2", duration: flowTestInterval(1), origBytes: "2000",
            respBytes: "12", state: "SF", history: "Dd", origPkts: 1, origIPBytes: 2_048, respPkts: 1,
            respIPBytes: 60))
    }
}

import CaptureGenerator
import XCTest

/// The less common branches of LOGS.md §5.2 (TCP role decision with two likely
/// server ports), §5.6 (RSTOS0 versus OTH, REJ after resets from both sides),
/// §5.7 (zero window after the peer closed), §5.8 (aborted half-open
/// connection) and §5.1/§5.13 (VLAN is not part of the key). Hosts and ISNs as
/// in ConnStateTests; packet n at t0 + n ms.
final class ConnStateEdgeTests: XCTestCase {
    /// A pure ACK 80 → 443 (both likely server ports, no SYN, source port lower):
    /// flipped. 443 → 80: not flipped. SYN+ACK 80 → 443: not flipped (it has a SYN).
    func testRoleDecisionBetweenTwoLikelyServerPorts() throws {
        var lowToHigh = FlowHosts.tcp(serverPort: 443, clientPort: 80)
        lowToHigh.packet(from: .client, flags: .ack, sequence: 1_000, acknowledgment: 7_000)   // 0: 40
        // Distinct server addresses keep the three flows apart.
        var highToLow = TCPConversation(client: "192.168.1.10", clientPort: 443, server: "192.168.1.30", serverPort: 80,
                                        clock: PacketClock(start: CaptureTime(seconds: flowTestStartSeconds + 1)))
        highToLow.packet(from: .client, flags: .ack, sequence: 1_000, acknowledgment: 7_000)   // 1000: 40
        var synAck = TCPConversation(client: "192.168.1.10", clientPort: 80, server: "192.168.1.40", serverPort: 443,
                                     clock: PacketClock(start: CaptureTime(seconds: flowTestStartSeconds + 2)))
        synAck.packet(from: .client, flags: [.syn, .ack], sequence: 1_000, acknowledgment: 7_000)  // 2000: 40
        let packets = lowToHigh.packets + highToLow.packets + synAck.packets
        let run = try FlowHarness.run(packets)
        XCTAssertEqual(run.rows.count, 3, run.connLogText)

        // 80 → 443, pure ACK: flipped; the packet is the responder's "a"; r PARTIAL → OTH.
        var flipped = ExpectedConn(
            ts: flowTestTime(0), orig: FlowHosts.server, 443, resp: FlowHosts.client, 80, proto: "tcp",
            duration: "-", origBytes: "-", respBytes: "-", state: "OTH", history: "^a",
            origPkts: 0, origIPBytes: 0, respPkts: 1, respIPBytes: 40)
        flipped.origL2 = flowTestServerMAC
        flipped.respL2 = flowTestClientMAC
        assertConn(try run.row(orig: FlowHosts.server, 443, resp: FlowHosts.client, 80), flipped)
        // 443 → 80, pure ACK: the source port is higher → not flipped; "A", OTH.
        assertConn(try run.row(orig: FlowHosts.client, 443, resp: "192.168.1.30", 80), ExpectedConn(
            ts: flowTestTime(1000), orig: FlowHosts.client, 443, resp: "192.168.1.30", 80, proto: "tcp",
            duration: "-", origBytes: "-", respBytes: "-", state: "OTH", history: "A",
            origPkts: 1, origIPBytes: 40, respPkts: 0, respIPBytes: 0))
        // 80 → 443, SYN+ACK: both likely server ports and a SYN → not flipped; "H", o SYN_ACK_SENT → OTH.
        assertConn(try run.row(orig: FlowHosts.client, 80, resp: "192.168.1.40", 443), ExpectedConn(
            ts: flowTestTime(2000), orig: FlowHosts.client, 80, resp: "192.168.1.40", 443, proto: "tcp",
            duration: "-", origBytes: "-", respBytes: "-", state: "OTH", history: "H",
            origPkts: 1, origIPBytes: 40, respPkts: 0, respIPBytes: 0))
    }

    /// o RESET, r inactive: RSTOS0 only when the history is ^?S[^HAFGIQ]*R…;
    /// an originator ACK between SYN and RST ("SAR") makes it OTH, data ("SDR") does not.
    func testRSTOS0RequiresItsHistoryPattern() throws {
        var withAck = FlowHosts.tcp()
        withAck.syn()                                                                      // 0 S 44
        withAck.packet(from: .client, flags: .ack, sequence: 1_001, acknowledgment: 5_001) // 1 A 40
        withAck.packet(from: .client, flags: .rst, sequence: 1_001)                        // 2 R 40
        let ackRun = try FlowHarness.run(withAck.packets)
        // "SAR" has an A between S and R → OTH. orig_bytes: last 1001, nothing acked (1000) → 0.
        assertConn(try ackRun.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(2), origBytes: "0", respBytes: "0", state: "OTH", history: "SAR",
            origPkts: 3, origIPBytes: 124, respPkts: 0, respIPBytes: 0))

        var withData = FlowHosts.tcp()
        withData.syn()                                                                          // 0 S 44
        withData.packet(from: .client, flags: .psh, sequence: 1_001, payload: flowTestPayload(10))  // 1 D 50
        withData.packet(from: .client, flags: .rst, sequence: 1_011)                            // 2 R 40
        let dataRun = try FlowHarness.run(withData.packets)
        // "SDR" matches → RSTOS0. orig_bytes: last 1011, ISN 1000 → 10 (nothing acked, so not zeroed).
        assertConn(try dataRun.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(2), origBytes: "10", respBytes: "0", state: "RSTOS0", history: "SDR",
            origPkts: 3, origIPBytes: 134, respPkts: 0, respIPBytes: 0))
    }

    /// Both sides reset with no payload: REJ (rule 1, o RESET and both sizes 0).
    func testResetsFromBothSidesWithoutPayloadIsREJ() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                  // 0 S 44
        tcp.rst(from: .client)     // 1 R 40 (seq 1001, no ACK)
        tcp.rst(from: .server)     // 2 r 40 (seq 5000, ACK 1001)
        let run = try FlowHarness.run(tcp.packets)
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(2), origBytes: "0", respBytes: "0", state: "REJ", history: "SRr",
            origPkts: 2, origIPBytes: 84, respPkts: 1, respIPBytes: 40))
    }

    /// A half-open connection aborted (§5.8): the responder's empty ACK (which
    /// leaves it INACTIVE while the originator is SYN_SENT) acknowledges up to
    /// 5000, far beyond the ISN + 1; the originator then resets. Its size would
    /// come from that meaningless ack (3999), so it is reported as 0.
    func testAbortedHalfOpenConnectionReportsZeroBytes() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                                                                            // 0 S 44
        tcp.packet(from: .server, flags: .ack, sequence: 7_000, acknowledgment: 5_000)      // 1 a 40
        tcp.packet(from: .client, flags: .rst, sequence: 1_001)                             // 2 R 40
        let run = try FlowHarness.run(tcp.packets)
        // o RESET (from SYN_SENT), r INACTIVE, history "SaR" ('a' is not in [HAFGIQ]) → RSTOS0.
        // resp_bytes: ISN 6999 (first seq − 1), last 7000 → 0.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(2), origBytes: "0", respBytes: "0", state: "RSTOS0", history: "SaR",
            origPkts: 2, origIPBytes: 84, respPkts: 1, respIPBytes: 40))
    }

    /// A zero window advertised after the peer has closed is not recorded (§5.7 W).
    func testZeroWindowAfterPeerClosedIsNotRecorded() throws {
        var tcp = FlowHosts.tcp()
        tcp.syn()                        // 0 S 44
        tcp.synAck()                     // 1 h 44
        tcp.ack(from: .client)           // 2 A 40
        tcp.fin(from: .client)           // 3 F 40
        tcp.zeroWindow(from: .server)    // 4 a 40, window 0 but the client has closed: no w
        let run = try FlowHarness.run(tcp.packets)
        // o CLOSED, r ESTABLISHED → S2. orig_bytes: ack 1002 → 2 − 1 − 1 = 0.
        assertConn(try run.onlyRow(), FlowHosts.tcpRow(
            duration: flowTestInterval(4), origBytes: "0", respBytes: "0", state: "S2", history: "ShAFa",
            origPkts: 3, origIPBytes: 124, respPkts: 2, respIPBytes: 84))
    }

    /// The same 5-tuple on two VLANs is one connection; vlan comes from its
    /// first packet (§5.1, §5.13).
    func testVLANIsNotPartOfTheKey() throws {
        var udp = FlowHosts.udp(link: EthernetLink(vlanTags: [VLANTag(id: 10)]))
        udp.send(flowTestPayload(10), from: .client)   // 0 on VLAN 10, 38
        udp.path.link = EthernetLink(vlanTags: [VLANTag(id: 20)])
        udp.send(flowTestPayload(20), from: .server)   // 1 on VLAN 20, 48
        let run = try FlowHarness.run(udp.packets)
        var expected = ExpectedConn(
            ts: flowTestTime(0), orig: FlowHosts.client, 40_000, resp: FlowHosts.server, 50_000, proto: "udp",
            duration: flowTestInterval(1), origBytes: "10", respBytes: "20", state: "SF", history: "Dd",
            origPkts: 1, origIPBytes: 38, respPkts: 1, respIPBytes: 48)
        expected.vlan = "10"
        assertConn(try run.onlyRow(), expected)
    }

    /// orig_l2_addr/resp_l2_addr come from the first packet only (§5.14): a reply
    /// through another MAC does not change them.
    func testL2AddressesComeFromTheFirstPacket() throws {
        var udp = FlowHosts.udp(link: EthernetLink(source: "02:00:00:00:aa:01", destination: "02:00:00:00:aa:02"))
        udp.send(flowTestPayload(10), from: .client)   // 0: 02:..:aa:01 → 02:..:aa:02
        udp.path.link = EthernetLink(source: "02:00:00:00:bb:01", destination: "02:00:00:00:bb:02")
        udp.send(flowTestPayload(20), from: .server)   // 1: reversed link, 02:..:bb:02 → 02:..:bb:01
        let run = try FlowHarness.run(udp.packets)
        var expected = ExpectedConn(
            ts: flowTestTime(0), orig: FlowHosts.client, 40_000, resp: FlowHosts.server, 50_000, proto: "udp",
            duration: flowTestInterval(1), origBytes: "10", respBytes: "20", state: "SF", history: "Dd",
            origPkts: 1, origIPBytes: 38, respPkts: 1, respIPBytes: 48)
        expected.origL2 = "02:00:00:00:aa:01"
        expected.respL2 = "02:00:00:00:aa:02"
        assertConn(try run.onlyRow(), expected)
    }

    /// SYN+ACK captured before the SYN (§5.2 rule 4): the SYN+ACK's sender
    /// (50000, not a likely server port, so no flip at creation) is the first
    /// originator ("H"); the peer's plain SYN with the ISN the SYN+ACK
    /// acknowledged ("s") reveals the reversal: roles flip ("^"), both sides
    /// ESTABLISHED; the real client's ACK is then the originator's "A".
    func testSynAckBeforeSynFlipsRoles() throws {
        var tcp = FlowHosts.tcp(serverPort: 50_000, clientPort: 40_000)
        tcp.packet(from: .server, flags: [.syn, .ack], sequence: 5_000, acknowledgment: 1_001)  // 0 H 40
        tcp.packet(from: .client, flags: .syn, sequence: 1_000)                                // 1 s, then ^ 40
        tcp.packet(from: .client, flags: .ack, sequence: 1_001, acknowledgment: 5_001)         // 2 A 40
        let run = try FlowHarness.run(tcp.packets)
        let row = try run.onlyRow()
        // Which side the reversing packet itself is counted for is the open attribution question of
        // LOGS.md §5.2/§8.6; only the totals are fixed: 3 packets of 40 bytes.
        let origPkts = Int(row["orig_pkts"] ?? "") ?? -1, respPkts = Int(row["resp_pkts"] ?? "") ?? -1
        let origIP = Int(row["orig_ip_bytes"] ?? "") ?? -1, respIP = Int(row["resp_ip_bytes"] ?? "") ?? -1
        XCTAssertEqual(origPkts + respPkts, 3, row.line)
        XCTAssertEqual(origIP + respIP, 120, row.line)
        var values = row.values
        values["orig_pkts"] = "0"; values["resp_pkts"] = "0"; values["orig_ip_bytes"] = "0"; values["resp_ip_bytes"] = "0"
        // Bytes: each side's SYN only → 0. Both ESTABLISHED → S1. The flip swaps the MACs back:
        // the real client (02:..:01) is the originator.
        var expected = FlowHosts.tcpRow(
            serverPort: 50_000, duration: flowTestInterval(2), origBytes: "0", respBytes: "0", state: "S1",
            history: "Hs^A", origPkts: 0, origIPBytes: 0, respPkts: 0, respIPBytes: 0)
        expected.origP = 40_000
        assertConn(ConnLogRow(values: values, line: row.line), expected)
    }

    /// ICMP is never flipped: an echo reply seen before its request makes the
    /// replier the originator with "ports" 0 → 8; the later request (8 → 0
    /// from the other side) belongs to the same connection as the responder.
    func testICMPEchoReplyFirstIsNotFlipped() throws {
        var echo = ICMPEcho(client: "192.168.1.10", server: "192.168.1.1")
        echo.nextSequence = 2
        echo.reply()      // 0: 192.168.1.1 → .10, type 0, 60 bytes
        echo.request()    // 1: .10 → .1, type 8, 60 bytes
        let run = try FlowHarness.run(echo.packets)
        var expected = ExpectedConn(
            ts: flowTestTime(0), orig: "192.168.1.1", 0, resp: "192.168.1.10", 8, proto: "icmp",
            duration: flowTestInterval(1), origBytes: "32", respBytes: "32", state: "OTH", history: "-",
            origPkts: 1, origIPBytes: 60, respPkts: 1, respIPBytes: 60)
        expected.origL2 = flowTestServerMAC
        expected.respL2 = flowTestClientMAC
        assertConn(try run.onlyRow(), expected)
    }
}

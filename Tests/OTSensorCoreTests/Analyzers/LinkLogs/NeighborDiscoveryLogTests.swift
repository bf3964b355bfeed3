import CaptureGenerator
import OTSensorCore
import XCTest

// ns.log rows worked out by hand from LOGS.md §6.4. Columns: ts, orig_mac,
// resp_mac, orig_ip, resp_ip, who_has, pkts. The connection's L2 addresses are
// the source/destination MACs of its first packet; an ICMPv6 connection opened
// by an NS has orig_p 135, one opened by an NA has orig_p 136.
final class NeighborDiscoveryLogTests: XCTestCase {
    let macA: EthernetAddress = "02:00:00:00:00:0a", macB: EthernetAddress = "02:00:00:00:00:0b"

    func frame(_ message: ICMPv6Message, from source: IPv6Address, to destination: IPv6Address,
               mac: EthernetAddress, to destinationMAC: EthernetAddress) -> [UInt8] {
        EthernetLink(source: mac, destination: destinationMAC)
            .frame(IPv6Packet(source: source, destination: destination, payload: message, hopLimit: 255).bytes())
    }

    func testSolicitationAndUnicastAdvertisement() throws {
        // A asks for B (to B's solicited-node group); B answers A. NS row: orig = A
        // (L2(orig) of the NS connection); NA row on its own connection (orig = B,
        // orig_p 136, resp A unicast): orig_mac = L2(resp) = A, resp_mac = L2(orig) = B,
        // orig_ip = id.resp_h = A, resp_ip = target = B.
        let packets = [
            packetAt(0, frame(NeighborDiscoveryMessage.solicitation(target: "fe80::b", options: [.sourceLinkAddress(macA)]),
                              from: "fe80::a", to: "ff02::1:ff00:b", mac: macA, to: "33:33:ff:00:00:0b")),
            packetAt(1, frame(NeighborDiscoveryMessage.advertisement(target: "fe80::b", options: [.targetLinkAddress(macB)]),
                              from: "fe80::b", to: "fe80::a", mac: macB, to: macA)),
            packetAt(2, frame(NeighborDiscoveryMessage.solicitation(target: "fe80::b", options: [.sourceLinkAddress(macA)]),
                              from: "fe80::a", to: "ff02::1:ff00:b", mac: macA, to: "33:33:ff:00:00:0b")),
            // Unsolicited NA to all-nodes: not logged.
            packetAt(3, frame(NeighborDiscoveryMessage.advertisement(target: "fe80::b", solicited: false),
                              from: "fe80::b", to: "ff02::1", mac: macB, to: "33:33:00:00:00:01")),
        ]
        let run = try SliceLogHarness.run(packets)
        XCTAssertEqual(run.lines("ns.log"), [
            "1700000000.000000\t02:00:00:00:00:0a\t-\tfe80::a\tfe80::b\tfe80::b\t2",
            "1700000000.001000\t02:00:00:00:00:0a\t02:00:00:00:00:0b\tfe80::a\tfe80::b\t-\t1",
        ])
        XCTAssertTrue(run.files["ns.log"]!.hasPrefix(String(repeating: "#\n", count: 8)))
        XCTAssertTrue(run.files["ns.log"]!.hasSuffix("\n#close\n"))
        try SliceLogHarness.assertThreadIndependent(packets, file: "ns.log")
    }

    func testSolicitationOnAConnectionAnAdvertisementOpened() throws {
        // NA A→B opens the connection (orig A, orig_p 136, resp_p 135); B's later NS
        // to A is on the same connection with resp_p 135: orig_mac = L2(resp) = B,
        // orig_ip = id.resp_h = B. The NA row: orig_mac = L2(resp) = B,
        // resp_mac = L2(orig) = A, orig_ip = B, resp_ip = target fe80::a.
        let packets = [
            packetAt(0, frame(NeighborDiscoveryMessage.advertisement(target: "fe80::a"),
                              from: "fe80::a", to: "fe80::b", mac: macA, to: macB)),
            packetAt(1, frame(NeighborDiscoveryMessage.solicitation(target: "fe80::a"),
                              from: "fe80::b", to: "fe80::a", mac: macB, to: macA)),
        ]
        let run = try SliceLogHarness.run(packets)
        XCTAssertEqual(run.lines("ns.log"), [
            "1700000000.000000\t02:00:00:00:00:0b\t02:00:00:00:00:0a\tfe80::b\tfe80::a\t-\t1",
            "1700000000.001000\t02:00:00:00:00:0b\t-\tfe80::b\tfe80::a\tfe80::a\t1",
        ])
    }

    /// LOGS.md §6.4 worked example (Zeek's icmp6-nd-options.pcap): DAD solicitations from ::.
    func testWorkedExampleDuplicateAddressDetection() throws {
        let mac: EthernetAddress = "c2:00:54:f5:00:00", group: EthernetAddress = "33:33:ff:f5:00:00"
        let first = CaptureTime(seconds: 1_219_649_643, microseconds: 536_057)
        let second = CaptureTime(seconds: 1_219_649_644, microseconds: 496_027)
        let packets = [
            Packet(time: first, bytes: frame(NeighborDiscoveryMessage.solicitation(target: "fe80::c000:54ff:fef5:0"),
                                             from: "::", to: "ff02::1:fff5:0", mac: mac, to: group)),
            Packet(time: second, bytes: frame(NeighborDiscoveryMessage.solicitation(target: "2001:db8:0:1:c000:54ff:fef5:0"),
                                              from: "::", to: "ff02::1:fff5:0", mac: mac, to: group)),
        ]
        let run = try SliceLogHarness.run(packets, format: .zeekTSV)
        XCTAssertEqual(run.lines("ns.log"), [
            "1219649643.536057\tc2:00:54:f5:00:00\t-\t::\tfe80::c000:54ff:fef5:0\tfe80::c000:54ff:fef5:0\t1",
            "1219649644.496027\tc2:00:54:f5:00:00\t-\t::\t2001:db8:0:1:c000:54ff:fef5:0\t2001:db8:0:1:c000:54ff:fef5:0\t1",
        ])
        XCTAssertTrue(run.files["ns.log"]!.contains("#fields\tts\torig_mac\tresp_mac\torig_ip\tresp_ip\twho_has\tpkts\n"))
    }

    func testMalformedOptionsAndTruncatedTarget() throws {
        // Option length 0: counted, the row is still written (ns.zeek does not read options).
        // A message without room for a target: target `::` (LOGS.md §6.4 edge cases).
        let zeroLength = NeighborDiscoveryMessage.solicitation(
            target: "fe80::b", options: [NeighborDiscoveryMessage.Option(type: 1, value: macA.bytes, lengthUnits: 0)])
        let packets = [
            packetAt(0, frame(zeroLength, from: "fe80::a", to: "ff02::1:ff00:b", mac: macA, to: "33:33:ff:00:00:0b")),
            packetAt(1, frame(ICMPv6Message(type: 135, payload: [0xfe, 0x80]), from: "fe80::c", to: "ff02::1:ff00:d",
                              mac: "02:00:00:00:00:0c", to: "33:33:ff:00:00:0d")),
        ]
        let run = try SliceLogHarness.run(packets)
        XCTAssertEqual(run.lines("ns.log"), [
            "1700000000.000000\t02:00:00:00:00:0a\t-\tfe80::a\tfe80::b\tfe80::b\t1",
            "1700000000.001000\t02:00:00:00:00:0c\t-\tfe80::c\t::\t::\t1",
        ])
        XCTAssertEqual(run.anomalies["ns.option_length_zero"], 1)
    }
}

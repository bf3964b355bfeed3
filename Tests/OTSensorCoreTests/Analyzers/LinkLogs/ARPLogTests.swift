import CaptureGenerator
import OTSensorCore
import XCTest

// arp.log rows worked out by hand from LOGS.md §6.3: request → orig = sender,
// resp_mac unset, resp_ip = who_has = TPA; reply → orig = target (THA/TPA),
// resp = sender, who_has unset; one row per key with the first time and the
// frame count; ts 1700000000 + n ms is printed `1700000000.00n000`.
final class ARPLogTests: XCTestCase {
    let hostA: EthernetAddress = "00:11:22:33:44:55", hostB: EthernetAddress = "66:77:88:99:aa:bb"

    func frame(_ arp: ARPPacket, from source: EthernetAddress, to destination: EthernetAddress = 0xFFFF_FFFF_FFFF,
               vlan: UInt16? = nil) -> [UInt8] {
        EthernetLink(source: source, destination: destination, vlanTags: vlan.map { [VLANTag(id: $0)] } ?? [])
            .frame(etherType: ARPPacket.etherType, payload: arp.bytes)
    }

    func testRequestReplyRepeatsAndGratuitous() throws {
        let request = ARPPacket.request(from: hostA, "10.0.0.2", for: "10.0.0.1")
        let reply = ARPPacket.reply(from: hostB, "10.0.0.1", to: hostA, "10.0.0.2")
        let gratuitous = ARPPacket.request(from: hostB, "10.0.0.1", for: "10.0.0.1")
        let packets = [
            packetAt(0, frame(request, from: hostA)),
            packetAt(1, frame(reply, from: hostB, to: hostA)),
            packetAt(2, frame(request, from: hostA, vlan: 100)),   // same key: VLAN is not a field
            packetAt(3, frame(request, from: hostA)),
            packetAt(4, frame(gratuitous, from: hostB)),
            packetAt(5, frame(ARPPacket.request(from: hostA, "10.0.0.2", for: "10.0.0.9"), from: hostA)),  // never answered
        ]
        let run = try SliceLogHarness.run(packets)
        XCTAssertEqual(run.lines("arp.log"), [
            "1700000000.000000\t00:11:22:33:44:55\t10.0.0.2\t-\t10.0.0.1\t10.0.0.1\t3",
            "1700000000.001000\t00:11:22:33:44:55\t10.0.0.2\t66:77:88:99:aa:bb\t10.0.0.1\t-\t1",
            "1700000000.004000\t66:77:88:99:aa:bb\t10.0.0.1\t-\t10.0.0.1\t10.0.0.1\t1",
            "1700000000.005000\t00:11:22:33:44:55\t10.0.0.2\t-\t10.0.0.9\t10.0.0.9\t1",
        ])
        // Z8: eight `#` lines, the rows, `#close`.
        XCTAssertTrue(run.files["arp.log"]!.hasPrefix(String(repeating: "#\n", count: 8) + "1700000000.000000\t"))
        XCTAssertTrue(run.files["arp.log"]!.hasSuffix("\t1\n#close\n"))
        try SliceLogHarness.assertThreadIndependent(packets, file: "arp.log")
    }

    func testGratuitousReplyAndProbe() throws {
        // Gratuitous reply: THA broadcast, TPA = SPA → orig_mac = THA, orig_ip = TPA.
        let gratuitousReply = ARPPacket.reply(from: hostB, "10.0.0.1", to: 0xFFFF_FFFF_FFFF, "10.0.0.1")
        let probe = ARPPacket.request(from: hostA, "0.0.0.0", for: "10.0.0.7")
        let run = try SliceLogHarness.run([
            packetAt(0, frame(gratuitousReply, from: hostB)),
            packetAt(1, frame(probe, from: hostA)),
        ])
        XCTAssertEqual(run.lines("arp.log"), [
            "1700000000.000000\tff:ff:ff:ff:ff:ff\t10.0.0.1\t66:77:88:99:aa:bb\t10.0.0.1\t-\t1",
            "1700000000.001000\t00:11:22:33:44:55\t0.0.0.0\t-\t10.0.0.7\t10.0.0.7\t1",
        ])
    }

    func testMalformedFramesAreCountedAndSkipped() throws {
        let request = ARPPacket.request(from: hostA, "10.0.0.2", for: "10.0.0.1")
        var rarp = request
        rarp.operation = 3
        var tokenRing = request
        tokenRing.hardwareType = 6
        let packets = [
            packetAt(0, Array(frame(request, from: hostA).dropLast(5))),        // truncated addresses
            packetAt(1, Array(frame(request, from: hostA).prefix(18))),        // truncated fixed header
            packetAt(2, frame(request, from: hostB)),                          // Ethernet source ≠ SHA
            packetAt(3, frame(rarp, from: hostA)),
            packetAt(4, frame(tokenRing, from: hostA)),
        ]
        let run = try SliceLogHarness.run(packets)
        XCTAssertEqual(run.lines("arp.log"), [])
        for file in ["arp.log", "ns.log", "yaf_flow.log", "p0f-k.log"] {
            XCTAssertEqual(run.files[file], "", "osect: an empty \(file) is a 0-byte file (Z8, Y and R alike)")
        }
        XCTAssertEqual(run.anomalies["arp.truncated"], 2)
        XCTAssertEqual(run.anomalies["arp.sender_mac_mismatch"], 1)
        XCTAssertEqual(run.anomalies["arp.unsupported_operation"], 1)
        XCTAssertEqual(run.anomalies["arp.unsupported_address_format"], 1)
    }

    /// LOGS.md §6.3 worked example (Zeek's arp-who-has.pcap), rebuilt frame by frame.
    func testWorkedExampleNativeLayout() throws {
        let requester: EthernetAddress = "78:31:c1:c6:3f:c2", responder: EthernetAddress = "f8:ed:a5:c0:a4:f1"
        let start = CaptureTime(seconds: 1_461_764_814, microseconds: 520_906)
        let packets = [
            Packet(time: start, bytes: frame(.request(from: requester, "10.0.0.2", for: "10.0.0.1"), from: requester)),
            Packet(time: start.advanced(byMicroseconds: 5_453),
                   bytes: frame(.reply(from: responder, "10.0.0.1", to: requester, "10.0.0.2"), from: responder,
                                to: requester)),
        ]
        let run = try SliceLogHarness.run(packets, format: .zeekTSV)
        XCTAssertEqual(run.lines("arp.log"), [
            "1461764814.520906\t78:31:c1:c6:3f:c2\t10.0.0.2\t-\t10.0.0.1\t10.0.0.1\t1",
            "1461764814.526359\t78:31:c1:c6:3f:c2\t10.0.0.2\tf8:ed:a5:c0:a4:f1\t10.0.0.1\t-\t1",
        ])
        XCTAssertTrue(run.files["arp.log"]!.contains("#path\tarp\n"))
        XCTAssertTrue(run.files["arp.log"]!.contains("#fields\tts\torig_mac\torig_ip\tresp_mac\tresp_ip\twho_has\tpkts\n"))
    }
}

import CaptureGenerator
import Foundation
import XCTest

private struct TsharkFailure: Error, CustomStringConvertible {
    let description: String
}

/// tshark is an independent decoder: what it reads back from our files must be
/// exactly what was built, and every checksum we compute must verify in it.
final class TsharkOracleTests: XCTestCase {
    private let tsharkPath = "/usr/bin/tshark"
    private let workstation = EthernetLink(source: "02:00:00:00:00:0a", destination: "02:00:00:00:00:01")

    /// One row per frame, one column per field; repeated fields joined by ",".
    private func decode(_ file: String, _ fields: [String]) throws -> [[String]] {
        guard FileManager.default.isExecutableFile(atPath: tsharkPath) else {
            throw XCTSkip("tshark is required for the oracle tests: install it (apt-get install tshark) to \(tsharkPath)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tsharkPath)
        process.arguments = ["-r", file, "-n",
                             "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
                             "-o", "udp.check_checksum:TRUE",
                             "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"]
            + fields.flatMap { ["-e", $0] }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TsharkFailure(description: "tshark failed on \(file) (\(process.terminationStatus)): \(errors)")
        }
        return text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    private func write(_ packets: [Packet], _ name: String, format: CaptureFileFormat = .pcap()) throws -> String {
        let path = temporaryPath(name, for: self)
        try Capture(packets).write(to: path, format: format)
        return path
    }

    private func ethernet(_ ip: any IPPacket) -> Packet {
        Packet(time: CaptureTime(seconds: 1_700_000_000), bytes: workstation.frame(ip.bytes()))
    }

    func testSampleDecodesWithGoodChecksumsVLANAndFragments() throws {
        let path = try write(SampleCapture.make().packets, "sample.pcap")
        let rows = try decode(path, ["ip.checksum.status", "tcp.checksum.status", "udp.checksum.status",
                                     "icmp.checksum.status", "vlan.id", "ip.flags.mf", "ipv6.src", "tcp.flags"])
        XCTAssertEqual(rows.count, 88)
        // CC-Link IE Field frames (3 cycles x 7) and the ARP exchange carry no IP.
        XCTAssertEqual(rows.filter { $0[0].isEmpty && $0[6].isEmpty }.count, 21 + 2)
        XCTAssertTrue(rows.allSatisfy { $0[0] == "1" || $0[0].isEmpty }, "every IPv4 header verifies: \(rows)")
        XCTAssertEqual(rows.filter { $0[1] == "1" }.count, 30 + 18, "every TCP segment verifies (IT and S7)")
        XCTAssertEqual(rows.filter { $0[2] == "1" }.count, 3 + 9 + 1 + 1,
                       "DNS both ways, the reassembled syslog datagram, CC-Link IEF Basic, DHCP and SSDP")
        XCTAssertEqual(rows.filter { $0[3] == "1" }.count, 2)
        XCTAssertEqual(rows.filter { $0[4] == "100" }.count, 9)
        XCTAssertEqual(rows.filter { $0[5] == "1" }.count, 1)
        XCTAssertEqual(rows.filter { !$0[6].isEmpty }.count, 8)
        XCTAssertEqual(rows.filter { $0[7] == "0x0014" }.count, 1, "one RST+ACK")
    }

    func testPcapngInterfacesKeepTheirLinkTypesAndResolutions() throws {
        let links: [any LinkLayer] = [workstation, LinuxCooked2Link(), NullLink(), RawIPLink()]
        var packets: [Packet] = []
        for (index, link) in links.enumerated() {
            var udp = UDPExchange(client: .v4(IPv4Address(10, 0, 0, UInt8(index + 1))), clientPort: 1_000, server: "10.9.9.9", serverPort: 53,
                                  link: link, clock: PacketClock(start: CaptureTime(seconds: 1_700_000_000, nanoseconds: 123_456_789)))
            udp.path.interfaceID = UInt32(index)
            packets.append(udp.send([1, 2, 3], from: .client))
        }
        let interfaces = links.enumerated().map { PcapngInterface(linkType: $1.linkType, nanosecondResolution: $0 == 1) }
        let path = try write(packets, "interfaces.pcapng", format: .pcapng(interfaces: interfaces))
        let rows = try decode(path, ["frame.interface_id", "frame.protocols", "frame.time_epoch", "ip.src", "udp.checksum.status"])
        XCTAssertEqual(rows.map { $0[0] }, ["0", "1", "2", "3"])
        XCTAssertEqual(rows.map { $0[1].split(separator: ":").first.map(String.init) ?? "" }, ["eth", "sll", "null", "raw"])
        XCTAssertEqual(rows.map { $0[2] }, ["1700000000.123456000", "1700000000.123456789", "1700000000.123456000", "1700000000.123456000"])
        XCTAssertEqual(rows.map { $0[3] }, ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"])
        XCTAssertEqual(rows.map { $0[4] }, ["1", "1", "1", "1"])
    }

    /// The bridging links tshark must read as LLC/SNAP, PBB and NFLOG with the
    /// IP packet inside (the decoder's tests rely on these frames being right).
    func testBridgingLinksCarryTheirIPPacket() throws {
        let cases: [(link: any LinkLayer, protocols: String)] = [
            (IEEE8023SNAPLink(), "eth:llc:ip:udp:data"),
            (PBBLink(), "eth:ethertype:ieee8021ah:ethertype:ip:udp:data"),
            (NFLOGLink(), "nflog:ip:udp:data"),
        ]
        for (index, item) in cases.enumerated() {
            var udp = UDPExchange(client: "10.0.0.1", clientPort: 1_000, server: "10.9.9.9", serverPort: 5_000, link: item.link)
            udp.send([1, 2, 3], from: .client)
            let path = try write(udp.packets, "bridging-\(index).pcap", format: .pcap(linkType: item.link.linkType))
            let rows = try decode(path, ["frame.protocols", "ip.src", "udp.length", "nflog.prefix"])
            XCTAssertEqual(rows.first?[0], item.protocols)
            XCTAssertEqual(rows.first?[1], "10.0.0.1")
            XCTAssertEqual(rows.first?[2], "11")
            XCTAssertEqual(rows.first?[3], index == 2 ? "otsensor" : "")
        }
    }

    func testNanosecondBigEndianPcapWithSnaplenTruncation() throws {
        let time = CaptureTime(seconds: 1_600_000_000, nanoseconds: 987_654_321)
        let packet = Packet(time: time, bytes: Array(repeating: 0xEE, count: 200))
        let path = temporaryPath("nano-be.pcap", for: self)
        let writer = try PcapWriter(path: path, snaplen: 60, precision: .nanoseconds, byteOrder: .bigEndian)
        try writer.write(packet)
        try writer.close()
        let rows = try decode(path, ["frame.time_epoch", "frame.cap_len", "frame.len"])
        XCTAssertEqual(rows.first ?? [], ["1600000000.987654321", "60", "200"])
    }

    func testCorruptedChecksumsAreReportedBad() throws {
        var ipHeader = IPv4Packet(source: clientV4, destination: serverV4, payload: UDPDatagram(sourcePort: 1, destinationPort: 2))
        ipHeader.checksum = .corrupted
        var tcp = TCPSegment(sourcePort: 1, destinationPort: 2, sequenceNumber: 1, flags: .syn)
        tcp.checksum = .corrupted
        var udp = UDPDatagram(sourcePort: 1, destinationPort: 2, payload: [1])
        udp.checksum = .corrupted
        var icmp = ICMPv4Message.echoRequest(identifier: 1, sequence: 1)
        icmp.checksum = .corrupted
        var icmp6 = ICMPv6Message.echoRequest(identifier: 1, sequence: 1)
        icmp6.checksum = .corrupted
        let packets = [
            ethernet(ipHeader),
            ethernet(IPv4Packet(source: clientV4, destination: serverV4, payload: tcp)),
            ethernet(IPv6Packet(source: clientV6, destination: serverV6, payload: udp)),
            ethernet(IPv4Packet(source: clientV4, destination: serverV4, payload: icmp)),
            ethernet(IPv6Packet(source: clientV6, destination: serverV6, payload: icmp6)),
        ]
        let rows = try decode(try write(packets, "corrupt.pcap"),
                              ["ip.checksum.status", "tcp.checksum.status", "udp.checksum.status", "icmp.checksum.status", "icmpv6.checksum.status"])
        XCTAssertEqual(rows[0][0], "0")
        XCTAssertEqual(Array(rows[1][0...1]), ["1", "0"])
        XCTAssertEqual(rows[2][2], "0")
        XCTAssertEqual(Array(rows[3][0...3]), ["1", "", "", "0"])
        XCTAssertEqual(rows[4][4], "0")
    }

    func testIPv4OptionsFragmentsAndTCPOptions() throws {
        var optioned = IPv4Packet(source: clientV4, destination: serverV4, payload: TCPSegment(
            sourcePort: 40_000, destinationPort: 502, sequenceNumber: 0xFFFF_FFFE, flags: [.syn, .ece, .cwr],
            options: [.maximumSegmentSize(1_400), .noOperation, .windowScale(9), .sackPermitted,
                      .timestamps(value: 1, echoReply: 0)]), identification: 0x0BAD)
        optioned.options = [0x94, 0x04, 0, 0]
        let datagram = IPv4Packet(source: clientV4, destination: serverV4,
                                  payload: UDPDatagram(sourcePort: 7, destinationPort: 9, payload: Array(repeating: 3, count: 100)),
                                  identification: 0x0F0F)
        var packets = [ethernet(optioned)]
        packets += datagram.fragments(payloadSizes: [40, 48]).reversed().map {
            Packet(time: CaptureTime(seconds: 1_700_000_000), bytes: workstation.frame($0))
        }
        let rows = try decode(try write(packets, "v4.pcap"),
                              ["ip.hdr_len", "ip.opt.type", "ip.id", "ip.flags.mf", "ip.frag_offset", "ip.checksum.status",
                               "tcp.seq_raw", "tcp.flags", "tcp.hdr_len", "tcp.options.mss_val", "tcp.options.wscale.shift",
                               "tcp.checksum.status", "udp.checksum.status", "udp.length"])
        XCTAssertEqual(Array(rows[0][0...2]), ["24", "148", "0x0bad"])
        XCTAssertEqual(Array(rows[0][5...11]), ["1", "4294967294", "0x00c2", "40", "1400", "9", "1"])
        XCTAssertEqual(rows[1...].map { $0[3] }, ["0", "1", "1"], "fragments were written last first")
        XCTAssertEqual(rows[1...].map { $0[4] }, ["11", "5", "0"], "offsets in 8-byte units")
        XCTAssertTrue(rows[1...].allSatisfy { $0[2] == "0x0f0f" && $0[5] == "1" })
        XCTAssertEqual(Array(rows[3][12...13]), ["1", "108"], "reassembled out of order, the UDP checksum verifies")
    }

    func testIPv6ExtensionChainAndFragments() throws {
        let chained = IPv6Packet(source: clientV6, destination: serverV6,
                                 payload: TCPSegment(sourcePort: 1, destinationPort: 2, sequenceNumber: 5, flags: .syn),
                                 extensionHeaders: [.hopByHop(options: [5, 2, 0, 0]), .routing(type: 0, segmentsLeft: 0, data: [0, 0, 0, 0]),
                                                    .destinationOptions(options: [])])
        let fragmented = IPv6Packet(source: clientV6, destination: serverV6,
                                    payload: ICMPv6Message.echoRequest(identifier: 3, sequence: 4, payload: Array(repeating: 1, count: 1_500)))
        let packets = [ethernet(chained)] + fragmented.fragments(payloadSizes: [1_232], identification: 0xABCD).map {
            Packet(time: CaptureTime(seconds: 1_700_000_000), bytes: workstation.frame($0))
        }
        let rows = try decode(try write(packets, "v6.pcap"),
                              ["ipv6.nxt", "ipv6.hopopts.nxt", "ipv6.routing.nxt", "ipv6.dstopts.nxt", "tcp.checksum.status",
                               "ipv6.fraghdr.nxt", "ipv6.fraghdr.offset", "ipv6.fraghdr.more", "ipv6.fraghdr.ident",
                               "icmpv6.checksum.status", "icmpv6.echo.sequence_number"])
        XCTAssertEqual(Array(rows[0][0...4]), ["0", "43", "60", "6", "1"])
        XCTAssertEqual(Array(rows[1][5...8]), ["58", "0", "1", "0x0000abcd"])
        XCTAssertEqual(Array(rows[2][5...10]), ["58", "154", "0", "0x0000abcd", "1", "4"])
    }

    func testTunnelsAndShimsCarryDecodableInnerPackets() throws {
        let inner = IPv4Packet(source: "172.16.0.1", destination: "172.16.0.2",
                               payload: UDPDatagram(sourcePort: 1_111, destinationPort: 2_222, payload: [1, 2, 3]))
        let innerFrame = EthernetLink(source: 0x0A, destination: 0x0B).frame(inner.bytes())
        let outer = { (payload: any IPPayload) in IPv4Packet(source: "10.0.0.1", destination: "10.0.0.2", payload: payload) }
        let packets = [
            ethernet(outer(GREPacket(carrying: inner))),
            ethernet(outer(GREPacket(bridging: innerFrame))),
            ethernet(outer(VXLANHeader(vni: 4_242).datagram(sourcePort: 50_000, carrying: innerFrame))),
            ethernet(outer(GeneveHeader(vni: 77).datagram(sourcePort: 50_000, carrying: innerFrame))),
            ethernet(IPv6Packet(source: clientV6, destination: serverV6, payload: inner)),
            Packet(time: CaptureTime(seconds: 1), bytes: EthernetLink(shim: .mpls([MPLSLabel(16), MPLSLabel(17)])).frame(inner.bytes())),
            Packet(time: CaptureTime(seconds: 1), bytes: EthernetLink(shim: .pppoe(sessionID: 0x2A)).frame(inner.bytes())),
        ]
        let rows = try decode(try write(packets, "tunnels.pcap"),
                              ["ip.src", "udp.checksum.status", "gre.proto", "vxlan.vni", "geneve.vni", "mpls.label", "pppoe.session_id", "ppp.protocol"])
        let innerOnly = ["172.16.0.1"], tunnelled = ["10.0.0.1", "172.16.0.1"]
        XCTAssertEqual(rows.map { $0[0].split(separator: ",").map(String.init) },
                       [tunnelled, tunnelled, tunnelled, tunnelled, innerOnly, innerOnly, innerOnly])
        XCTAssertTrue(rows.allSatisfy { $0[1].split(separator: ",").last == "1" }, "\(rows)")
        XCTAssertEqual([rows[0][2], rows[1][2]], ["0x0800", "0x6558"])
        XCTAssertEqual([rows[2][3], rows[3][4]], ["4242", "0x00004d"])
        XCTAssertEqual(rows[5][5], "16,17")
        XCTAssertEqual([rows[6][6], rows[6][7]], ["0x002a", "0x0021"])
    }
}

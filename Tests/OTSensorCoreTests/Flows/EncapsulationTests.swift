import CaptureGenerator
import XCTest

/// The tunnels and wireless framings of Zeek's GRE, IEEE802_11 and FDDI packet
/// analyzers, each around the same small UDP exchange: client
/// 192.168.1.10:40000 → server .20:50000, 10 bytes out (IP 38) and 20 back
/// (IP 48), packet n at t0 + n ms. The inner connection's row is worked out by
/// hand as in LinkAndCaptureVariantsTests; what changes is which MACs it shows
/// (the innermost link layer's, none for IP carried bare) and whether a
/// connection is made at all where Zeek drops the packet.
final class EncapsulationTests: XCTestCase {
    private let innerFrame = EthernetLink(source: 0x02_00_00_00_00_0A, destination: 0x02_00_00_00_00_0B)

    private func exchange(_ wrap: @escaping @Sendable ([UInt8]) -> any IPPayload) -> [Packet] {
        var udp = UDPExchange(client: "192.168.1.10", clientPort: 40_000, server: "192.168.1.20", serverPort: 50_000,
                              link: TunnelLink(wrap: wrap))
        udp.send(flowTestPayload(10), from: .client)
        udp.send(flowTestPayload(20), from: .server)
        return udp.packets
    }

    private func innerRow(origL2: String = "-", respL2: String = "-") -> ExpectedConn {
        var expected = ExpectedConn(
            ts: flowTestTime(0), orig: "192.168.1.10", 40_000, resp: "192.168.1.20", 50_000, proto: "udp",
            duration: flowTestInterval(1), origBytes: "10", respBytes: "20", state: "SF", history: "Dd",
            origPkts: 1, origIPBytes: 38, respPkts: 1, respIPBytes: 48)
        expected.origL2 = origL2
        expected.respL2 = respL2
        return expected
    }

    /// Runs the capture and checks its one inner connection; an IP-level
    /// tunnel's outer packets (GRE) make no connection of their own.
    private func assertInnerConnection(_ packets: [Packet], _ expected: ExpectedConn, _ name: String,
                                       file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try FlowHarness.run(packets)
        XCTAssertEqual(run.rows.count, 1, "\(name):\n\(run.connLogText)", file: file, line: line)
        guard var row = run.rows.first else { return }
        let parent = row["tunnel_parents"] ?? ""
        XCTAssertNotNil(parent.range(of: "^C[0-9a-zA-Z]{16,17}$", options: .regularExpression),
                        "\(name): tunnel_parents \(parent)", file: file, line: line)
        var values = row.values
        values["tunnel_parents"] = "-"
        row = ConnLogRow(values: values, line: row.line)
        assertConn(row, expected, file: file, line: line)
    }

    @discardableResult
    private func assertNoConnection(_ packets: [Packet], _ name: String, file: StaticString = #filePath,
                                    line: UInt = #line) throws -> ConnLogRun {
        let run = try FlowHarness.run(packets)
        XCTAssertTrue(run.rows.isEmpty, "\(name) must be dropped as Zeek drops it:\n\(run.connLogText)", file: file, line: line)
        return run
    }

    func testIPInIPCarriesIP() throws {
        try assertInnerConnection(exchange { RawIPPacket($0) }, innerRow(), "IP-in-IP")
    }

    func testGREWithEveryOptionalFieldCarriesIP() throws {
        let packets = exchange { ip in
            var gre = GREPacket(protocolType: EtherTypeValue.forIPPacket(ip), payload: ip)
            gre.checksum = 0
            gre.key = 0xDEAD_BEEF
            gre.sequenceNumber = 7
            return gre
        }
        try assertInnerConnection(packets, innerRow(), "GRE with checksum, key and sequence")
    }

    /// RFC 1701's routing bit and the reserved flag bits make Zeek drop the packet.
    func testGREWithRoutingOrReservedFlagsIsDropped() throws {
        for (name, flags) in [("routing", UInt16(0x4000)), ("reserved", UInt16(0x0008))] {
            let packets = exchange { ip in
                let type = EtherTypeValue.forIPPacket(ip)
                let header = [UInt8(flags >> 8), UInt8(flags & 0xFF), UInt8(type >> 8), UInt8(type & 0xFF)]
                return RawIPPayload(protocolNumber: 47, bytes: header + [0, 0, 0, 0] + ip)
            }
            let run = try assertNoConnection(packets, "GRE with the \(name) flag")
            let packetCounts = try XCTUnwrap(run.manifest["counts"] as? [String: Any])
            XCTAssertEqual((packetCounts["skipped"] as? [String: Int])?["undecodable_gre"], 2, "\(packetCounts)")
        }
    }

    func testPPTPCarriesIPBehindPPP() throws {
        let packets = exchange { ip in
            GREPacket.pptp(callID: 0x4242, sequenceNumber: 1, carrying: RawIPPacket(ip))
        }
        try assertInnerConnection(packets, innerRow(), "PPTP")
    }

    func testERSPANTypesICarryTheMirroredFrame() throws {
        let mirrored = innerRow(origL2: "02:00:00:00:00:0a", respL2: "02:00:00:00:00:0b")
        let frame: @Sendable ([UInt8]) -> [UInt8] = { [innerFrame] ip in
            ip[15] == 10 ? innerFrame.frame(ip) : innerFrame.reversed().frame(ip)
        }
        try assertInnerConnection(exchange { ERSPAN.typeI(mirroring: frame($0)) }, mirrored, "ERSPAN type I")
        try assertInnerConnection(exchange { ERSPAN.typeII(sessionID: 5, sequenceNumber: 9, mirroring: frame($0)) },
                                  mirrored, "ERSPAN type II")
        for platform in [false, true] {
            try assertInnerConnection(exchange { ERSPAN.typeIII(sessionID: 5, platformSubheader: platform, mirroring: frame($0)) },
                                      mirrored, "ERSPAN type III, platform sub-header \(platform)")
        }
    }

    /// Aruba: an 802.11 data frame in GRE. To-DS frames name the station in
    /// address 2 and the destination in address 3; replies (From-DS) the
    /// destination in address 1 and the source in address 3.
    func testArubaGRECarries80211Frames() throws {
        let packets = exchange { ip in
            let fromClient = ip[15] == 10
            let wireless = fromClient
                ? IEEE80211Frame(toDS: true, fromDS: false, qos: true,
                                 addresses: [0x02_AA_00_00_00_01, 0x02_00_00_00_00_0A, 0x02_00_00_00_00_0B])
                : IEEE80211Frame(toDS: false, fromDS: true, qos: false,
                                 addresses: [0x02_00_00_00_00_0A, 0x02_AA_00_00_00_01, 0x02_00_00_00_00_0B])
            return GREPacket(protocolType: 0x8240, payload: wireless.frame(ip))
        }
        try assertInnerConnection(packets, innerRow(origL2: "02:00:00:00:00:0a", respL2: "02:00:00:00:00:0b"),
                                  "Aruba 802.11 in GRE")
    }

    /// Zeek registers 0x8200 to 0x8370 in steps of 0x10 for Aruba; other
    /// types are read as raw IP, which an 802.11 header is not.
    func testArubaTypesOutsideZeeksListAreNotDecoded() throws {
        let packets = exchange { ip in
            GREPacket(protocolType: 0x8245, payload: IEEE80211Frame(qos: true).frame(ip))
        }
        try assertNoConnection(packets, "GRE type 0x8245")
    }

    /// One A-MSDU frame carries two datagrams of the client (11 and 9 bytes:
    /// the first subframe needs padding); the server answers with one. Each
    /// subframe is a packet of its own: orig_pkts 2, orig_bytes 20, orig IP
    /// bytes 39 + 37.
    func testAMSDUSubframesArePacketsOfTheirOwn() throws {
        var clock = PacketClock()
        let station = IEEE80211Frame(toDS: true, fromDS: false, qos: true,
                                     addresses: [0x02_AA_00_00_00_01, 0x02_00_00_00_00_0A, 0x02_00_00_00_00_0B])
        let reply = IEEE80211Frame(toDS: false, fromDS: true, qos: false,
                                   addresses: [0x02_00_00_00_00_0A, 0x02_AA_00_00_00_01, 0x02_00_00_00_00_0B])
        let client: IPv4Address = "192.168.1.10", server: IPv4Address = "192.168.1.20"
        let requests = [11, 9].map { size in
            IPv4Packet(source: client, destination: server,
                       payload: UDPDatagram(sourcePort: 40_000, destinationPort: 50_000, payload: flowTestPayload(size))).bytes()
        }
        let answer = IPv4Packet(source: server, destination: client,
                                payload: UDPDatagram(sourcePort: 50_000, destinationPort: 40_000, payload: flowTestPayload(20))).bytes()
        let tunnel = TunnelLink(wrap: { _ in RawIPPayload(protocolNumber: 0, bytes: []) })
        let packets = [
            Packet(time: clock.tick(), bytes: tunnel.outerFrame(GREPacket(protocolType: 0x8240, payload: station.aggregate(requests)))),
            Packet(time: clock.tick(), bytes: tunnel.reversed().outerFrame(GREPacket(protocolType: 0x8240, payload: reply.frame(answer)))),
        ]
        var expected = innerRow(origL2: "02:00:00:00:00:0a", respL2: "02:00:00:00:00:0b")
        expected.origBytes = "20"
        expected.origPkts = 2
        expected.origIPBytes = 39 + 37
        try assertInnerConnection(packets, expected, "A-MSDU")
    }

    /// The same A-MSDU captured on the air (LINKTYPE_IEEE802_11), with no tunnel.
    func testAMSDUOnAWirelessCapture() throws {
        var clock = PacketClock()
        let station = IEEE80211Frame(toDS: true, fromDS: false, qos: true,
                                     addresses: [0x02_AA_00_00_00_01, 0x02_00_00_00_00_0A, 0x02_00_00_00_00_0B])
        let reply = IEEE80211Frame(toDS: false, fromDS: true, qos: true,
                                   addresses: [0x02_00_00_00_00_0A, 0x02_AA_00_00_00_01, 0x02_00_00_00_00_0B])
        let client: IPv4Address = "192.168.1.10", server: IPv4Address = "192.168.1.20"
        let datagram = { (from: IPv4Address, to: IPv4Address, ports: (UInt16, UInt16), size: Int) in
            IPv4Packet(source: from, destination: to,
                       payload: UDPDatagram(sourcePort: ports.0, destinationPort: ports.1, payload: flowTestPayload(size))).bytes()
        }
        let packets = [
            Packet(time: clock.tick(), bytes: station.aggregate([datagram(client, server, (40_000, 50_000), 10),
                                                                  datagram(client, server, (40_000, 50_000), 12)])),
            Packet(time: clock.tick(), bytes: reply.aggregate([datagram(server, client, (50_000, 40_000), 20)])),
        ]
        let run = try FlowHarness.run(packets, captureFormat: .pcap(linkType: PcapLinkType.ieee80211))
        XCTAssertEqual(run.rows.count, 1, run.connLogText)
        guard let row = run.rows.first else { return }
        var expected = innerRow(origL2: "02:00:00:00:00:0a", respL2: "02:00:00:00:00:0b")
        expected.origBytes = "22"
        expected.origPkts = 2
        expected.origIPBytes = 38 + 40
        assertConn(row, expected)
    }

    /// A protected (encrypted) QoS frame carries nothing Zeek can read.
    func testProtectedWirelessFrameIsNotDecoded() throws {
        let packets = exchange { ip in
            GREPacket(protocolType: 0x8200, payload: IEEE80211Frame(qos: true, protected: true).frame(ip))
        }
        try assertNoConnection(packets, "protected 802.11 frame")
    }
}

/// Frames each inner IP packet as the payload of an outer IPv4 packet between
/// two tunnel endpoints (10.0.0.1 and .2) on Ethernet; replies travel the
/// other way.
private struct TunnelLink: LinkLayer {
    var ethernet = EthernetLink(source: 0x02_0E_00_00_00_01, destination: 0x02_0E_00_00_00_02)
    var source: IPv4Address = "10.0.0.1"
    var destination: IPv4Address = "10.0.0.2"
    let wrap: @Sendable ([UInt8]) -> any IPPayload

    var linkType: UInt32 { PcapLinkType.ethernet }

    func frame(_ ipPacket: [UInt8]) -> [UInt8] { outerFrame(wrap(ipPacket)) }

    func outerFrame(_ payload: any IPPayload) -> [UInt8] {
        ethernet.frame(IPv4Packet(source: source, destination: destination, payload: payload).bytes())
    }

    func reversed() -> TunnelLink {
        var copy = self
        copy.ethernet = ethernet.reversed()
        swap(&copy.source, &copy.destination)
        return copy
    }
}

/// Bytes given as they are, under any IP protocol number: for headers the
/// generator's types refuse to build, such as GRE with reserved flags.
private struct RawIPPayload: IPPayload {
    let protocolNumber: UInt8
    let bytes: [UInt8]
    func bytes(pseudoHeader: PseudoHeader) -> [UInt8] { bytes }
}

/// An IP packet already serialised.
private struct RawIPPacket: IPPacket {
    let raw: [UInt8]
    init(_ raw: [UInt8]) { self.raw = raw }
    var protocolNumber: UInt8 { raw.first.map { $0 >> 4 } == 6 ? 41 : 4 }
    func bytes() -> [UInt8] { raw }
}

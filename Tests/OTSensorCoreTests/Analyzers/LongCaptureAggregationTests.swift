import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// Five minutes of a plant's discovery chatter, where one key's packets come on
// several flows and MAC pairs (hence shards): every aggregated log must be the
// same for any shard count, thread count and chunk size, and arp.log must be
// what LOGS.md §4 gives when its rule is applied to the ARP packets in capture
// order (computed here independently of the pipeline).

/// The generated capture, in capture order, with the arp key of each ARP packet.
struct LongDiscoveryCapture {
    static let seconds = 300
    static let gatewayMAC: EthernetAddress = "02:00:00:00:10:ff"
    private(set) var packets: [Packet] = []
    /// (second, key) of every ARP packet, in capture order.
    private(set) var arpEvents: [(second: Int64, key: String)] = []

    init(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for second in 0..<Self.seconds { addSecond(second, random: &random) }
        // CC-Link IE Field and Field Basic cycles every 2 s beside the chatter
        // (their keys stay in one shard: a MAC pair, a connection).
        let cyclic = CCLinkCyclicTraffic(basicSlaves: 2, fieldStations: 2, period: 2_000_000_000,
                                         start: CaptureTime(seconds: 1_700_000_000))
        packets += cyclic.packets(cycles: Self.seconds / 2)
        // Stable by time: packets of one second keep the order they were made in.
        packets = DiscoveryHarness.timeOrdered(packets)
    }

    static func mac(_ host: Int) -> EthernetAddress { EthernetAddress(0x02_00_00_00_10_00 | UInt64(host)) }
    static func ip(_ host: Int) -> IPv4Address { IPv4Address(10, 1, 0, UInt8(10 + host)) }
    /// As arp.log prints them.
    static func macText(_ host: Int) -> String { String(format: "02:00:00:00:10:%02x", host) }
    static func ipText(_ host: Int) -> String { "10.1.0.\(10 + host)" }

    /// Whole seconds only, so that many events in different shards share a time.
    private mutating func addSecond(_ second: Int, random: inout SplitMix64) {
        let time = discoveryTime(Double(second))
        for host in 0..<4 {
            if random.chance(15) { addARPRequest(from: host, unicast: random.chance(50), at: second) }
            if random.chance(4) { addARPReply(to: host, at: second) }
        }
        if random.chance(10) {
            let device = random.int(in: 0...1), port = UInt16(40_000 + random.int(in: 0...999))
            packets.append(discoveryDatagram(SSDPDatagram.notify(server: "Device/\(device)"), at: Double(second),
                                             from: .v4(Self.ip(20 + device)), port, to: "239.255.255.250", 1900,
                                             link: EthernetLink(source: Self.mac(20 + device),
                                                                destination: "01:00:5e:7f:ff:fa")))
        }
        if random.chance(8) { addSolicitation(multicast: random.chance(50), at: time) }
        if random.chance(6) {
            let message = DHCPMessage(hardwareAddress: Self.mac(30).bytes, options: [
                .messageType(3), .hostname("hmi-30"), .parameterRequestList([1, 3, 6]),
            ])
            packets.append(discoveryDatagram(message.bytes, at: Double(second), from: .v4(Self.ip(30)), 68,
                                             to: random.chance(50) ? "255.255.255.255" : "10.1.0.1", 67,
                                             link: EthernetLink(source: Self.mac(30))))
        }
        if random.chance(6) {
            let solicit = DHCPv6Message(messageType: 1, options: [.clientID([0, 3, 0, 1] + Self.mac(31).bytes),
                                                                  .clientFQDN("plc-31.plant")]).bytes
            packets.append(discoveryDatagram(solicit, at: Double(second), from: "fe80::31", 546,
                                             to: random.chance(50) ? "ff02::1:2" : "fe80::1", 547,
                                             link: EthernetLink(source: Self.mac(31))))
        }
        if random.chance(6) {
            let registration = NetBIOSNameMessage.registration(name: "ENG-40", suffix: 0x20, address: Self.ip(40))
            packets.append(discoveryDatagram(registration, at: Double(second), from: .v4(Self.ip(40)),
                                             random.chance(50) ? 137 : UInt16(50_000 + second), to: "10.1.0.255", 137,
                                             link: EthernetLink(source: Self.mac(40))))
        }
        if random.chance(6) {
            let announcement = BrowserDatagram(serverName: "ENG-40", sourceAddress: Self.ip(40)).bytes
            packets.append(discoveryDatagram(announcement, at: Double(second), from: .v4(Self.ip(40)), 138,
                                             to: random.chance(50) ? "10.1.0.255" : "10.1.0.1", 138,
                                             link: EthernetLink(source: Self.mac(40))))
        }
        if random.chance(10) { addDNSExchange(id: UInt16(random.int(in: 1...2)), at: second) }
        if random.chance(5) {
            // A TSN detection from the field master, answered by station 0.
            let master = EthernetLink(source: CCLinkCyclicTraffic.fieldMasterMAC, destination: 0xFFFF_FFFF_FFFF)
            let station = EthernetLink(source: CCLinkCyclicTraffic.fieldStationMAC(0),
                                       destination: CCLinkCyclicTraffic.fieldMasterMAC)
            let ack = CCLinkIEFrame.tsnDetectionAck(nodeType: 0x07, version: 1, deviceType: 0x0021, functions: (0xC1, 0))
            packets.append(Packet(time: time, bytes: master.frame(etherType: CCLinkIEFrame.etherType,
                                                                  payload: CCLinkIEFrame.tsnDetection(version: 1))))
            packets.append(Packet(time: time, bytes: station.frame(etherType: CCLinkIEFrame.etherType, payload: ack)))
        }
    }

    private mutating func addARPRequest(from host: Int, unicast: Bool, at second: Int) {
        let request = ARPPacket.request(from: Self.mac(host), Self.ip(host), for: "10.1.0.1")
        let link = EthernetLink(source: Self.mac(host), destination: unicast ? Self.gatewayMAC : 0xFFFF_FFFF_FFFF)
        packets.append(Packet(time: discoveryTime(Double(second)),
                              bytes: link.frame(etherType: ARPPacket.etherType, payload: request.bytes)))
        // A request: orig = sender, resp_mac unset, resp_ip = who_has = the target.
        arpEvents.append((Int64(second), "\(Self.macText(host))\t\(Self.ipText(host))\t-\t10.1.0.1\t10.1.0.1"))
    }

    private mutating func addARPReply(to host: Int, at second: Int) {
        let reply = ARPPacket.reply(from: Self.gatewayMAC, "10.1.0.1", to: Self.mac(host), Self.ip(host))
        let link = EthernetLink(source: Self.gatewayMAC, destination: Self.mac(host))
        packets.append(Packet(time: discoveryTime(Double(second)),
                              bytes: link.frame(etherType: ARPPacket.etherType, payload: reply.bytes)))
        // A reply: orig = the target (THA/TPA), resp = the sender, who_has unset.
        arpEvents.append((Int64(second), "\(Self.macText(host))\t\(Self.ipText(host))\t02:00:00:00:10:ff\t10.1.0.1\t-"))
    }

    /// Host 0 asks for the gateway's IPv6 address, to its solicited-node group
    /// or (neighbour unreachability detection) unicast: one ns key, two flows.
    private mutating func addSolicitation(multicast: Bool, at time: CaptureTime) {
        let message = NeighborDiscoveryMessage.solicitation(target: "fe80::1", options: [.sourceLinkAddress(Self.mac(0))])
        let destination: IPv6Address = multicast ? "ff02::1:ff00:1" : "fe80::1"
        let link = EthernetLink(source: Self.mac(0), destination: multicast ? "33:33:ff:00:00:01" : Self.gatewayMAC)
        packets.append(Packet(time: time, bytes: link.frame(
            IPv6Packet(source: "fe80::10", destination: destination, payload: message, hopLimit: 255).bytes())))
    }

    /// Host 1 resolves one of two names from one source port (one connection).
    private mutating func addDNSExchange(id: UInt16, at second: Int) {
        var udp = UDPExchange(client: .v4(Self.ip(1)), clientPort: 53_001, server: "10.1.0.1", serverPort: 53,
                              link: EthernetLink(source: Self.mac(1), destination: Self.gatewayMAC),
                              clock: PacketClock(start: discoveryTime(Double(second))))
        var query = DNSMessageBuilder.query(id: id)
        query.question("plc\(id).plant", type: 1)
        var response = DNSMessageBuilder.response(id: id)
        response.question("plc\(id).plant", type: 1)
        response.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: 1, ttl: 60, data: [10, 1, 0, UInt8(id)])
        udp.send(query.bytes, from: .client)
        udp.send(response.bytes, from: .server)
        packets += udp.packets.map { Packet(time: discoveryTime(Double(second)), bytes: $0.bytes) }
    }

    /// arp.log's rows by LOGS.md §4, applied to `arpEvents` in capture order:
    /// a key's event more than 60 s after its entry's first event writes the
    /// entry and starts another; rows by first-seen time, ties in capture order.
    var expectedARPLines: [String] {
        var open: [String: (first: Int64, count: Int, order: Int)] = [:]
        var rows: [(first: Int64, count: Int, order: Int, key: String)] = []
        for (order, event) in arpEvents.enumerated() {
            if let entry = open[event.key], event.second - entry.first <= 60 {
                open[event.key]?.count += 1
                continue
            }
            if let entry = open[event.key] { rows.append((entry.first, entry.count, entry.order, event.key)) }
            open[event.key] = (event.second, 1, order)
        }
        rows += open.map { ($0.value.first, $0.value.count, $0.value.order, $0.key) }
        return rows.sorted { ($0.first, $0.order) < ($1.first, $1.order) }
            .map { "\(1_700_000_000 + $0.first).000000\t\($0.key)\t\($0.count)" }
    }
}

final class LongCaptureAggregationTests: XCTestCase {
    static let aggregatedLogs = ["arp.log", "ns.log", "dhcp2.log", "netbios-ns.log", "mswin-browser.log", "dhcpv6.log",
                                 "ssdp.log", "cclink-ief-basic.log", "cclink-ie.log", "cclink-ie-tsn.log", "dns.log"]
    /// Logs whose second column is a connection uid, which names the shard the
    /// connection was in: compared without it across shard counts.
    static let logsWithUID: Set = ["cclink-ief-basic.log", "dns.log"]

    /// Runs (shards, threads, packets per chunk); the first, one shard and one
    /// thread, is one table fed with every event in capture order.
    static let runs: [(shards: Int, threads: Int, chunkPackets: Int)] = [
        (1, 1, 16_384), (2, 1, 16_384), (7, 2, 16_384), (7, 1, 16_384), (7, 2, 50), (64, 2, 16_384), (64, 1, 7),
    ]

    func testAggregatedLogsDoNotDependOnShardsThreadsOrChunks() throws {
        let capture = LongDiscoveryCapture(seed: 20)
        try assertKeysSpanShards(capture)
        var outputs: [[String: [String]]] = []
        for run in Self.runs {
            let result = try SliceLogHarness.run(capture.packets, format: .osect, threads: run.threads) {
                $0.shardCount = run.shards
                $0.chunkPackets = run.chunkPackets
            }
            outputs.append(Dictionary(uniqueKeysWithValues: Self.aggregatedLogs.map { ($0, result.lines($0)) }))
        }
        let reference = outputs[0]
        XCTAssertEqual(reference["arp.log"], capture.expectedARPLines)
        for log in Self.aggregatedLogs {
            XCTAssertFalse(reference[log, default: []].isEmpty, "\(log) has no rows: the capture does not exercise it")
        }
        for (run, output) in zip(Self.runs, outputs).dropFirst() {
            for log in Self.aggregatedLogs {
                XCTAssertEqual(comparable(output[log]!, log: log), comparable(reference[log]!, log: log),
                               "\(log) with \(run.shards) shards, \(run.threads) threads, \(run.chunkPackets) packets a chunk")
            }
        }
        // The same shard count: byte-identical whatever the threads, uids included.
        XCTAssertEqual(outputs[2], outputs[3], "7 shards, 2 threads vs 1 thread")
    }

    /// The test means something only if keys do fall in several shards: with
    /// 7 shards, some arp key's packets must.
    private func assertKeysSpanShards(_ capture: LongDiscoveryCapture) throws {
        var shardsByKey: [String: Set<Int>] = [:]
        var arp = capture.arpEvents.makeIterator()
        for packet in capture.packets where Array(packet.bytes[12...13]) == [0x08, 0x06] {
            let event = try XCTUnwrap(arp.next())
            shardsByKey[event.key, default: []].insert(pipelineShard(of: packet, count: 7))
        }
        XCTAssertNil(arp.next())
        XCTAssertGreaterThan(shardsByKey.values.filter { $0.count > 1 }.count, 0, "no arp key spans shards")
    }

    /// The rows, with the uid column blanked where it names a shard.
    private func comparable(_ lines: [String], log: String) -> [String] {
        guard Self.logsWithUID.contains(log) else { return lines }
        return lines.map { line in
            var columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            XCTAssertEqual(columns[1].first, "C", "\(log): column 2 is not a uid")
            columns[1] = "uid"
            return columns.joined(separator: "\t")
        }
    }
}

import CaptureGenerator
import Foundation
@testable import OTSensorCore
import XCTest

// Aggregated logs through the whole pipeline, on captures longer than a
// minute whose keys fall in several shards. Rows are worked by hand from
// LOGS.md §4 (an entry aggregates its key for 60 s from its first event; the
// key's next event after that writes it and starts another) and §6.3/§6.12
// (arp.log: ts, orig_mac, orig_ip, resp_mac, resp_ip, who_has, pkts; ssdp.log:
// ts, SrcIP, SrcMAC, Method, SERVER_or_USER_AGENT).

/// The shard the pipeline files a generated Ethernet frame in, out of `count`.
func pipelineShard(of packet: Packet, count: Int) -> Int {
    var info = PacketInfo()
    return packet.bytes.withUnsafeBytes { raw in
        switch PacketDecoder().decode(raw, linkType: Int32(PcapLinkType.ethernet), into: &info) {
        case .ip: ChunkDecoder.flowShard(info, count: count)
        default: ChunkDecoder.linkShard(info, count: count)
        }
    }
}

final class AggregationAcrossShardsTests: XCTestCase {
    static let shards = 64
    let hostA: EthernetAddress = "00:11:22:33:44:55"

    private func run(_ packets: [Packet]) throws -> SliceLogRun {
        try SliceLogHarness.run(packets) { $0.shardCount = Self.shards }
    }

    /// An ARP request of A for 10.0.0.1 at `milliseconds`, broadcast or unicast to `destination`.
    private func request(at milliseconds: Int64, to destination: EthernetAddress = 0xFFFF_FFFF_FFFF) -> Packet {
        packetAt(milliseconds, EthernetLink(source: hostA, destination: destination)
            .frame(etherType: ARPPacket.etherType, payload: ARPPacket.request(from: hostA, "10.0.0.2", for: "10.0.0.1").bytes))
    }

    /// A unicast destination whose frames from A land in another shard than A's broadcasts.
    private func unicastInAnotherShard() throws -> EthernetAddress {
        let broadcast = pipelineShard(of: request(at: 0), count: Self.shards)
        let candidates = (1...64).map { EthernetAddress(0x02_00_00_00_AA_00 | UInt64($0)) }
        return try XCTUnwrap(candidates.first { pipelineShard(of: request(at: 0, to: $0), count: Self.shards) != broadcast })
    }

    private let key = "00:11:22:33:44:55\t10.0.0.2\t-\t10.0.0.1\t10.0.0.1"

    /// A's request broadcast at 0 s and unicast (its cache refresh) at 80 s:
    /// the same arp key, in two shards. 80 s is more than 60 s after the
    /// entry's first event: two rows of one packet each.
    func testARPRequestRepeatedAfterEightySecondsInAnotherShardIsTwoRows() throws {
        let packets = [request(at: 0), request(at: 80_000, to: try unicastInAnotherShard())]
        XCTAssertEqual(try run(packets).lines("arp.log"), [
            "1700000000.000000\t\(key)\t1",
            "1700000080.000000\t\(key)\t1",
        ])
    }

    /// Broadcast at 0 s (one shard), unicast at 50 s and 80 s (another): 50 s
    /// joins the first row; 80 s is 80 s after its first event and starts the
    /// second row, although the unicast shard saw it 30 s after its own first.
    func testARPRowsFollowCaptureOrderAcrossShards() throws {
        let unicast = try unicastInAnotherShard()
        let packets = [request(at: 0), request(at: 50_000, to: unicast), request(at: 80_000, to: unicast)]
        let expected = ["1700000000.000000\t\(key)\t2", "1700000080.000000\t\(key)\t1"]
        XCTAssertEqual(try run(packets).lines("arp.log"), expected)
        XCTAssertEqual(try SliceLogHarness.run(packets, threads: 1) { $0.shardCount = Self.shards; $0.chunkPackets = 1 }
            .lines("arp.log"), expected, "one packet per chunk")
    }

    static let device = EthernetLink(source: "dc:72:23:56:9a:d1", destination: "01:00:5e:7f:ff:fa")
    static let server = "Linux/4.14.76+ UPnP/1.0 CyberLinkJava/1.8"

    private func notify(at seconds: Double, port: UInt16) -> Packet {
        discoveryDatagram(SSDPDatagram.notify(server: Self.server), at: seconds, from: "192.168.1.131", port,
                          to: "239.255.255.250", 1900, link: Self.device)
    }

    /// Two source ports of the device whose flows are in different shards.
    private func portsInTwoShards() throws -> (UInt16, UInt16) {
        let first: UInt16 = 32_876, shard = pipelineShard(of: notify(at: 0, port: first), count: Self.shards)
        let other = try XCTUnwrap((40_000...40_100).map(UInt16.init).first {
            pipelineShard(of: notify(at: 0, port: $0), count: Self.shards) != shard
        })
        return (first, other)
    }

    /// The device's NOTIFY at 0 s from one port and at 80 s from another
    /// (another flow, another shard): one ssdp row each.
    func testSSDPNotifyRepeatedAfterEightySecondsInAnotherShardIsTwoRows() throws {
        let (first, other) = try portsInTwoShards()
        let row = "192.168.1.131\tdc:72:23:56:9a:d1\tNOTIFY\t\(Self.server)"
        let run = try run([notify(at: 0, port: first), notify(at: 80, port: other)])
        XCTAssertEqual(run.lines("ssdp.log"), ["\(discoveryTimeText(0))\t\(row)", "\(discoveryTimeText(80))\t\(row)"])
    }

    /// NOTIFY at 0 s (port 1), 50 s and 80 s (port 2, another shard): 50 s
    /// joins the first row, 80 s starts a second one.
    func testSSDPRowsFollowCaptureOrderAcrossShards() throws {
        let (first, other) = try portsInTwoShards()
        let row = "192.168.1.131\tdc:72:23:56:9a:d1\tNOTIFY\t\(Self.server)"
        let run = try run([notify(at: 0, port: first), notify(at: 50, port: other), notify(at: 80, port: other)])
        XCTAssertEqual(run.lines("ssdp.log"), ["\(discoveryTimeText(0))\t\(row)", "\(discoveryTimeText(80))\t\(row)"])
    }
}

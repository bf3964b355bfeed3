import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// yaf_flow.log rows worked out by hand from LOGS.md §6.2: times truncated to
// milliseconds (1700000000 s = 2023-11-14 22:13:20 UTC), oct = sum of IP total
// lengths (IPv6: payload length + 40), rtt = first reverse − start in whole ms,
// tag/rtag as 3 hex digits, flows open at the end of the slice → `eof`.
final class YAFFlowLogTests: XCTestCase {
    static func frame(_ packet: any IPPacket, from source: EthernetAddress, to destination: EthernetAddress,
                      vlan: UInt16? = nil) -> [UInt8] {
        EthernetLink(source: source, destination: destination, vlanTags: vlan.map { [VLANTag(id: $0)] } ?? [])
            .frame(packet.bytes())
    }

    static func ipv4(_ source: IPv4Address, _ destination: IPv4Address, protocol number: UInt8, bytes: Int) -> IPv4Packet {
        IPv4Packet(source: source, destination: destination,
                   payload: RawPayload(protocolNumber: number, payload: [UInt8](repeating: 0x5A, count: bytes)))
    }

    static let hostA: EthernetAddress = "02:00:00:00:00:05", hostB: EthernetAddress = "02:00:00:00:00:06"

    static func scenario() -> [Packet] {
        var packets: [Packet] = []
        // VRRP on VLAN 100, 3 × (20 + 20) bytes, one direction.
        for ms: Int64 in [0, 1000, 2000] {
            packets.append(packetAt(ms, frame(ipv4("10.0.0.1", "224.0.0.18", protocol: 112, bytes: 20),
                                              from: "02:00:00:00:00:01", to: "01:00:5e:00:00:12", vlan: 100)))
        }
        // ESP both ways: forward 80-byte packets at 10 and 20 ms, a 60-byte reply at 12.5 ms.
        packets.append(packetAt(10, frame(ipv4("10.0.0.5", "10.0.0.6", protocol: 50, bytes: 60), from: hostA, to: hostB)))
        packets.append(Packet(time: CaptureTime(seconds: 1_700_000_000, microseconds: 12_500),
                              bytes: frame(ipv4("10.0.0.6", "10.0.0.5", protocol: 50, bytes: 40), from: hostB, to: hostA)))
        packets.append(packetAt(20, frame(ipv4("10.0.0.5", "10.0.0.6", protocol: 50, bytes: 60), from: hostA, to: hostB)))
        // SCTP over IPv6 behind a hop-by-hop header (8 bytes) with 12 bytes: payload length 20 → 60 octets.
        packets.append(packetAt(30, frame(IPv6Packet(source: "2001:db8::1", destination: "2001:db8:0:1::2",
                                                     payload: RawPayload(protocolNumber: 132, payload: Array(repeating: 1, count: 12)),
                                                     extensionHeaders: [.hopByHop(options: [])]),
                                          from: hostA, to: hostB)))
        // IGMP idle for 301 s: two flows, the first closed `idle`.
        for ms: Int64 in [40, 301_040] {
            packets.append(packetAt(ms, frame(ipv4("10.0.0.9", "224.0.0.22", protocol: 2, bytes: 8),
                                              from: "02:00:00:00:00:09", to: "01:00:5e:00:00:16")))
        }
        // PIM every 250 s: at 2000 s the flow is older than 1800 s → `active`, a new flow starts.
        for step: Int64 in 0...8 {
            packets.append(packetAt(60 + step * 250_000, frame(ipv4("10.0.0.7", "224.0.0.13", protocol: 103, bytes: 10),
                                                               from: "02:00:00:00:00:07", to: "01:00:5e:00:00:0d")))
        }
        // Protocol 0 never reaches the log (yaf.awk), TCP/UDP/ICMP are not this log's.
        packets.append(packetAt(70, frame(ipv4("10.0.0.8", "10.0.0.9", protocol: 0, bytes: 4), from: hostA, to: hostB)))
        packets.append(packetAt(80, frame(IPv4Packet(source: "10.0.0.8", destination: "10.0.0.9",
                                                     payload: ICMPv4Message.echoRequest(identifier: 1, sequence: 1)),
                                          from: hostA, to: hostB)))
        return packets.sorted { $0.time < $1.time }
    }

    func testScenarioOsectLayout() throws {
        let run = try SliceLogHarness.run(Self.scenario())
        let text = try XCTUnwrap(run.files["yaf_flow.log"])
        let header = "#ts     start-time      end-time        duration        rtt     proto   sip     sp      dip     dp srcMacAddress    destMacAddress  iflags  uflags  riflags ruflags isn     risn    tag     rtag    pktoct      rpkt    roct    end-reason\n"
        XCTAssertTrue(text.hasPrefix(header), "Y framing: the shipped header line, byte for byte")
        let zeros = "0\t0\t0\t0\t00000000\t00000000"
        XCTAssertEqual(run.lines("yaf_flow.log"), [
            "1700000000.000\t2023-11-14 22:13:20.000\t2023-11-14 22:13:22.000\t2.000\t0.000\tvrrp\t10.0.0.1\t0\t224.0.0.18\t0\t02:00:00:00:00:01\t01:00:5e:00:00:12\t\(zeros)\t064\t000\t3\t120\t0\t0\teof",
            "1700000000.010\t2023-11-14 22:13:20.010\t2023-11-14 22:13:20.020\t0.010\t0.002\tesp\t10.0.0.5\t0\t10.0.0.6\t0\t02:00:00:00:00:05\t02:00:00:00:00:06\t\(zeros)\t000\t000\t2\t160\t1\t60\teof",
            "1700000000.030\t2023-11-14 22:13:20.030\t2023-11-14 22:13:20.030\t0.000\t0.000\tsctp\t2001:0db8::0001\t0\t2001:0db8::0001:0000:0000:0000:0002\t0\t02:00:00:00:00:05\t02:00:00:00:00:06\t\(zeros)\t000\t000\t1\t60\t0\t0\teof",
            "1700000000.040\t2023-11-14 22:13:20.040\t2023-11-14 22:13:20.040\t0.000\t0.000\tigmp\t10.0.0.9\t0\t224.0.0.22\t0\t02:00:00:00:00:09\t01:00:5e:00:00:16\t\(zeros)\t000\t000\t1\t28\t0\t0\tidle",
            "1700000000.060\t2023-11-14 22:13:20.060\t2023-11-14 22:42:30.060\t1750.000\t0.000\tpim\t10.0.0.7\t0\t224.0.0.13\t0\t02:00:00:00:00:07\t01:00:5e:00:00:0d\t\(zeros)\t000\t000\t8\t240\t0\t0\tactive",
            "1700000301.040\t2023-11-14 22:18:21.040\t2023-11-14 22:18:21.040\t0.000\t0.000\tigmp\t10.0.0.9\t0\t224.0.0.22\t0\t02:00:00:00:00:09\t01:00:5e:00:00:16\t\(zeros)\t000\t000\t1\t28\t0\t0\teof",
            "1700002000.060\t2023-11-14 22:46:40.060\t2023-11-14 22:46:40.060\t0.000\t0.000\tpim\t10.0.0.7\t0\t224.0.0.13\t0\t02:00:00:00:00:07\t01:00:5e:00:00:0d\t\(zeros)\t000\t000\t1\t30\t0\t0\teof",
        ])
        XCTAssertFalse(text.hasSuffix("#close\n"), "Y framing has no trailer")
        try SliceLogHarness.assertThreadIndependent(Self.scenario(), file: "yaf_flow.log")
    }

    func testNativeLayoutIsTypedZeekTSV() throws {
        let run = try SliceLogHarness.run(Self.scenario(), format: .zeekTSV)
        let text = try XCTUnwrap(run.files["yaf_flow.log"])
        XCTAssertTrue(text.contains("#path\tyaf_flow\n"))
        XCTAssertTrue(text.contains("#fields\tts\tend_ts\tduration\trtt\tproto\tsip\tsp\tdip\tdp\tsrc_mac\tdst_mac\tiflags\tuflags\triflags\truflags\tisn\trisn\ttag\trtag\tpkt\toct\trpkt\troct\tend_reason\n"))
        // ESP: full-precision times, rtt 12.5 − 10 ms, Zeek's IPv6 form for the SCTP flow.
        XCTAssertTrue(run.lines("yaf_flow.log").contains(
            "1700000000.010000\t1700000000.020000\t0.010000\t0.002500\tesp\t10.0.0.5\t0\t10.0.0.6\t0\t02:00:00:00:00:05\t02:00:00:00:00:06\t0\t0\t0\t0\t00000000\t00000000\t0\t0\t2\t160\t1\t60\teof"))
        XCTAssertTrue(run.lines("yaf_flow.log").contains { $0.contains("\tsctp\t2001:db8::1\t0\t2001:db8:0:1::2\t") })
        XCTAssertEqual(run.lines("yaf_flow.log").count, 7)
        try SliceLogHarness.assertThreadIndependent(Self.scenario(), file: "yaf_flow.log", format: .zeekTSV)
    }

    /// GRE is decapsulated by the decoder: the outer GRE packet never reaches the
    /// analyzer, the OSPF packet inside forms the flow (documented divergence from
    /// YAF without --gre-decode, which would list a `gre` flow).
    func testGREShowsTheInnerFlowOnly() throws {
        let inner = Self.ipv4("10.9.0.1", "224.0.0.5", protocol: 89, bytes: 20)
        let outer = IPv4Packet(source: "192.0.2.1", destination: "192.0.2.2", payload: GREPacket(carrying: inner))
        let run = try SliceLogHarness.run([packetAt(0, Self.frame(outer, from: Self.hostA, to: Self.hostB))])
        let rows = run.rows("yaf_flow.log")
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows.first.map { [$0[5], $0[6], $0[8], $0[20], $0[21]] }, ["ospfigp", "10.9.0.1", "224.0.0.5", "1", "40"])
    }

    /// A frame cut by the snap length still counts with its IP total length (YAF
    /// counts IP lengths, not captured bytes); a frame cut inside the IP header is
    /// no packet at all (a different destination, so it would form its own row).
    func testSnaplenCutPacketsCountByIPLengthAndCutHeadersAreSkipped() throws {
        let whole = Self.frame(Self.ipv4("10.0.0.1", "224.0.0.18", protocol: 112, bytes: 40), from: Self.hostA, to: Self.hostB)
        let cutHeader = Self.frame(Self.ipv4("10.0.0.1", "224.0.0.19", protocol: 112, bytes: 40), from: Self.hostA, to: Self.hostB)
        let run = try SliceLogHarness.run([
            Packet(time: CaptureTime(seconds: 1_700_000_000), bytes: Array(whole.prefix(38)), originalLength: whole.count),
            Packet(time: CaptureTime(seconds: 1_700_000_001), bytes: Array(cutHeader.prefix(24)), originalLength: cutHeader.count),
        ])
        XCTAssertEqual(run.rows("yaf_flow.log").map { [$0[8], $0[20], $0[21]] }, [["224.0.0.18", "1", "60"]])
    }

    /// LOGS.md §6.2 worked example (appendix C fixture udplite.pcap), byte for byte.
    func testFixtureRowsEqualLOGS() throws {
        let capture = try ThirdPartyTestData.capture("yaf_flow/udplite.pcap")
        let run = try SliceLogHarness.run(capture: capture)
        XCTAssertEqual(run.files["yaf_flow.log"], """
            #ts     start-time      end-time        duration        rtt     proto   sip     sp      dip     dp srcMacAddress    destMacAddress  iflags  uflags  riflags ruflags isn     risn    tag     rtag    pktoct      rpkt    roct    end-reason
            1710983421.719\t2024-03-21 01:10:21.719\t2024-03-21 01:10:21.719\t0.000\t0.000\tigmp\t172.18.0.1\t0\t224.0.0.22\t0\t02:42:5b:fe:1d:d0\t01:00:5e:00:00:16\t0\t0\t0\t0\t00000000\t00000000\t000\t000\t1\t40\t0\t0\teof
            1710983425.012\t2024-03-21 01:10:25.012\t2024-03-21 01:10:25.014\t0.002\t0.000\tudplite\t172.18.0.3\t0\t172.18.0.2\t0\t02:42:ac:12:00:03\t02:42:ac:12:00:02\t0\t0\t0\t0\t00000000\t00000000\t000\t000\t9\t384\t9\t439\teof

            """)
        let one = try SliceLogHarness.run(capture: capture, threads: 1)
        XCTAssertEqual(one.files["yaf_flow.log"], run.files["yaf_flow.log"], "--threads 1 vs 2")
    }
}

import CaptureGenerator
import OTSensorCore
import XCTest

// The analyzer framework: the dispatcher routes by UDP port, TCP port and
// EtherType; a bound TCP connection's payload arrives reassembled and in order;
// an aggregation table follows LOGS.md §4 (across shards: ShardedAggregationTests).
// Expected values are counted from the packets each test builds.

/// Records what the dispatcher hands it.
private final class ProbeAnalyzer: PacketAnalyzer {
    static let interest = AnalyzerInterest(udpPorts: [9_999], tcpPorts: [7_777], etherTypes: [0x88B5],
                                           tcpHandshakes: true)
    static let logs = [LogDescription(fileName: "probe.log", schema: LogSchema(
        path: "probe", fields: [LogField(name: "ts", type: .time), LogField(name: "what", type: .string)],
        osectFraming: .z8))]

    var events: [String] = []
    var ended = 0
    var anomalies = AnomalyCounts()

    init(environment: AnalyzerEnvironment) {}

    func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool,
                         connection: inout ConnectionView) {
        events.append("udp \(connection.respPort) \(String(decoding: payload, as: UTF8.self))")
    }

    func streamData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, connection: inout ConnectionView) {
        events.append("tcp \(isOrig ? "orig" : "resp") \(String(decoding: bytes, as: UTF8.self))")
        connection.confirm(Service("probe"))
    }

    func ipPacket(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer, connection: ConnectionView) {
        events.append("syn \(packet.tcpFlags.contains(.ack) ? "ack" : "")")
    }

    func linkFrame(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer) {
        let payload = bytes[packet.networkOffset...]
        events.append("frame \(String(decoding: payload, as: UTF8.self))")
    }

    func connectionEnded(_ connection: ConnectionView) { ended += 1 }

    func emit(into logs: inout [LogRowBuffer], context: LogContext) {}
}

/// A second analyzer on the probe's UDP port, as NBNS and DNS share 137/udp.
private final class SharingProbeAnalyzer: PacketAnalyzer {
    static let interest = AnalyzerInterest(udpPorts: [9_999, 9_998])
    static let logs: [LogDescription] = []

    var events: [String] = []
    var ended = 0
    var anomalies = AnomalyCounts()

    init(environment: AnalyzerEnvironment) {}

    func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool,
                  connection: inout ConnectionView) {
        events.append("udp \(connection.respPort) \(String(decoding: payload, as: UTF8.self))")
        connection.confirm(Service("sharing"))
    }

    func connectionEnded(_ connection: ConnectionView) { ended += 1 }

    func emit(into logs: inout [LogRowBuffer], context: LogContext) {}
}

func feed(_ packets: [Packet], into table: inout ConnectionTable) {
    let decoder = PacketDecoder()
    for packet in packets {
        var info = PacketInfo()
        info.timestamp = Timestamp(seconds: packet.time.seconds, nanoseconds: packet.time.nanoseconds)
        info.wireLength = packet.originalLength
        packet.bytes.withUnsafeBytes { raw in
            _ = decoder.decode(raw, linkType: Int32(PcapLinkType.ethernet), into: &info)
            table.process(info, bytes: raw)
        }
    }
}

final class AnalyzerDispatchTests: XCTestCase {
    private func table() -> (ConnectionTable, ProbeAnalyzer) {
        let set = AnalyzerSet(dispatch: try! AnalyzerDispatch(kinds: [ProbeAnalyzer.self]),
                              environment: AnalyzerEnvironment(), shard: 0)
        let table = ConnectionTable(shard: 0, configuration: FlowConfiguration(), analyzers: set)
        return (table, set.analyzer(at: 0) as! ProbeAnalyzer)
    }

    func testUDPDatagramsReachTheAnalyzerOfEitherPort() {
        var (table, probe) = table()
        var toServer = UDPExchange(client: "10.0.0.1", clientPort: 40_000, server: "10.0.0.2", serverPort: 9_999)
        toServer.send(Array("ping".utf8), from: .client)
        toServer.send(Array("pong".utf8), from: .server)
        var other = UDPExchange(client: "10.0.0.1", clientPort: 40_001, server: "10.0.0.2", serverPort: 53)
        other.send(Array("dns".utf8), from: .client)
        feed(toServer.packets + other.packets, into: &table)
        XCTAssertEqual(probe.events, ["udp 9999 ping", "udp 9999 pong"])
    }

    /// Every analyzer that declared a UDP port sees each datagram, in registry
    /// order, and each one's confirmation reaches conn.log's service.
    func testAnalyzersSharingAUDPPortEachSeeEveryDatagram() {
        let set = AnalyzerSet(dispatch: try! AnalyzerDispatch(kinds: [ProbeAnalyzer.self, SharingProbeAnalyzer.self]),
                              environment: AnalyzerEnvironment(), shard: 0)
        var table = ConnectionTable(shard: 0, configuration: FlowConfiguration(), analyzers: set)
        let probe = set.analyzer(at: 0) as! ProbeAnalyzer, sharing = set.analyzer(at: 1) as! SharingProbeAnalyzer
        var shared = UDPExchange(client: "10.0.0.1", clientPort: 40_000, server: "10.0.0.2", serverPort: 9_999)
        shared.send(Array("ping".utf8), from: .client)
        var own = UDPExchange(client: "10.0.0.1", clientPort: 40_001, server: "10.0.0.2", serverPort: 9_998)
        own.send(Array("only".utf8), from: .client)
        feed(shared.packets + own.packets, into: &table)
        XCTAssertEqual(probe.events, ["udp 9999 ping"])
        XCTAssertEqual(sharing.events, ["udp 9999 ping", "udp 9998 only"])
        table.finishAll()
        XCTAssertEqual(probe.ended, 1)
        XCTAssertEqual(sharing.ended, 2)
        XCTAssertEqual(table.takeFinished().map(\.services.names), [["sharing"], ["sharing"]])
    }

    func testTCPPayloadArrivesInOrderAndConfirmsTheService() {
        var (table, probe) = table()
        var tcp = TCPConversation(client: "10.0.0.1", clientPort: 50_000, server: "10.0.0.2", serverPort: 7_777)
        tcp.syn()
        tcp.synAck()
        tcp.ack(from: .client)
        let first = tcp.send(Array("AB".utf8), from: .client)
        let second = tcp.send(Array("CD".utf8), from: .client)
        tcp.send(Array("ok".utf8), from: .server)
        var packets = tcp.packets
        // Out of order on the wire: reassembly still delivers AB before CD.
        let i = packets.firstIndex { $0.bytes == first.bytes }!, j = packets.firstIndex { $0.bytes == second.bytes }!
        (packets[i].bytes, packets[j].bytes) = (packets[j].bytes, packets[i].bytes)
        feed(packets, into: &table)
        XCTAssertEqual(probe.events, ["syn ", "syn ack", "tcp orig AB", "tcp orig CD", "tcp resp ok"])
        table.finishAll()
        XCTAssertEqual(probe.ended, 1)
        XCTAssertEqual(table.takeFinished().first?.services.names, ["probe"])
    }

    func testFramesWithoutIPGoByEtherType() {
        var (table, probe) = table()
        let link = EthernetLink()
        let frames = [Packet(time: CaptureTime(seconds: 1), bytes: link.frame(etherType: 0x88B5, payload: Array("hi".utf8))),
                      Packet(time: CaptureTime(seconds: 2), bytes: link.frame(etherType: 0x88CC, payload: Array("no".utf8)))]
        feed(frames, into: &table)
        XCTAssertEqual(probe.events, ["frame hi"])
    }
}

/// The sequential model of LOGS.md §4, fed in capture order (the positions
/// count up as the events come).
final class AggregationTableTests: XCTestCase {
    private func at(_ seconds: Int64) -> Timestamp { Timestamp(seconds: seconds, nanoseconds: 0) }
    private var packet: UInt64 = 0

    private func add(_ key: String, at seconds: Int64, to table: inout AggregationTable<String>) {
        table.add(key, at: at(seconds), position: CapturePosition(packet: packet, entry: 1))
        packet += 1
    }

    func testEventsWithinSixtySecondsOfCreationFoldIntoOneEntry() {
        var table = AggregationTable<String>()
        add("a", at: 100, to: &table)
        add("b", at: 101, to: &table)
        add("a", at: 160, to: &table)
        add("a", at: 161, to: &table)
        let entries = table.entries
        XCTAssertEqual(entries.map(\.key), ["a", "b", "a"])
        XCTAssertEqual(entries.map(\.count), [2, 1, 1])
        XCTAssertEqual(entries.map(\.first), [at(100), at(101), at(161)])
        XCTAssertEqual(entries.map(\.last), [at(160), at(101), at(161)])
    }

    /// A key repeated right after itself takes the remembered entry; the
    /// remembered entry stays right after other keys.
    func testRepeatedKeysCountIntoTheirOwnEntryAcrossOtherKeys() {
        var table = AggregationTable<String>()
        for (key, seconds) in [("x", 1), ("x", 2), ("y", 3), ("x", 4), ("x", 5), ("y", 6), ("x", 70), ("x", 71)] {
            add(key, at: Int64(seconds), to: &table)
        }
        let entries = table.entries
        XCTAssertEqual(entries.map(\.key), ["x", "y", "x"])
        XCTAssertEqual(entries.map(\.count), [4, 2, 2])
        XCTAssertEqual(entries.map(\.last), [at(5), at(6), at(71)])
    }

    /// Equal first-seen times keep capture order, whatever order the entries
    /// were created in.
    func testEqualFirstSeenTimesKeepCaptureOrder() {
        var table = AggregationTable<String>()
        table.add("later", at: at(7), position: CapturePosition(packet: 9, entry: 1))
        table.add("earlier", at: at(7), position: CapturePosition(packet: 4, entry: 1))
        table.add("same-packet-second", at: at(7), position: CapturePosition(packet: 9, entry: 1))
        XCTAssertEqual(table.entries.map(\.key), ["earlier", "later", "same-packet-second"])
    }
}

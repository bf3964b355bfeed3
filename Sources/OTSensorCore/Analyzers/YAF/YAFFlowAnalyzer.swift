/// yaf_flow.log (LOGS.md §6.2): bidirectional flows of the IP protocols the
/// connection engine does not track (IGMP, OSPF, VRRP, PIM, ESP, SCTP,
/// UDP-Lite …), with YAF 2.11's defaults, closed with `eof` at slice end.
///
/// osect layout: yafscii/yaf.awk's 25 text columns under the Y header line.
/// Native layout: the same flow as a typed Zeek TSV log (`#path yaf_flow`):
/// times as Zeek `time`/`interval` with full precision instead of yafscii's
/// truncated milliseconds, addresses as Zeek `addr`, VLAN ids as numbers, so
/// that zeek-cut and other Zeek tooling read it like any other log.
///
/// GRE and IP-in-IP packets are decapsulated by the decoder before analysis
/// (ChunkDecoder `admitDecapsulating` admits only the inner packet), so the
/// outer GRE/IP-in-IP packet never reaches this analyzer: such tunnels show
/// as the flows they carry, not as `gre`/`ipv4` rows (YAF without
/// `--gre-decode` would list the outer flow).
public final class YAFFlowAnalyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(otherTransports: true)

    /// The header line yaf.sh writes, byte for byte (LOGS.md §2.2).
    static let osectHeader = "#ts     start-time      end-time        duration        rtt     proto   sip     sp      dip     "
        + "dp srcMacAddress    destMacAddress  iflags  uflags  riflags ruflags isn     risn    tag     rtag    pktoct      "
        + "rpkt    roct    end-reason"

    public static let logs: [LogDescription] = {
        let osectNames = ["ts", "start-time", "end-time", "duration", "rtt", "proto", "sip", "sp", "dip", "dp",
                          "srcMacAddress", "destMacAddress", "iflags", "uflags", "riflags", "ruflags", "isn", "risn",
                          "tag", "rtag", "pkt", "oct", "rpkt", "roct", "end-reason"]
        let native: [(String, ZeekType)] = [
            ("ts", .time), ("end_ts", .time), ("duration", .interval), ("rtt", .interval), ("proto", .string),
            ("sip", .addr), ("sp", .port), ("dip", .addr), ("dp", .port), ("src_mac", .string), ("dst_mac", .string),
            ("iflags", .string), ("uflags", .string), ("riflags", .string), ("ruflags", .string), ("isn", .string),
            ("risn", .string), ("tag", .count), ("rtag", .count), ("pkt", .count), ("oct", .count),
            ("rpkt", .count), ("roct", .count), ("end_reason", .string),
        ]
        return [LogDescription(
            fileName: "yaf_flow.log",
            schema: LogSchema(path: "yaf_flow", fields: native.map { LogField(name: $0.0, type: $0.1) },
                              osectFraming: .y(header: osectHeader)),
            osectSchema: LogSchema(path: "yaf_flow", fields: osectNames.map { LogField(name: $0, type: .string) },
                                   osectFraming: .y(header: osectHeader)))]
    }()

    private var table = YAFFlowTable()
    private var finished: [YAFClosedFlow] = []
    public let anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) {}

    public func ipPacket(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer, connection: ConnectionView) {
        // yaf.awk drops protocol 0 (an uninitialised array element equals 0).
        guard packet.ipProtocol != 0 else { return }
        table.add(packet)
    }

    /// Flows open at the slice's end continue in the next slice of the
    /// stream instead of closing with `eof`.
    public func carryFlows() -> [(key: FlowKey, state: StateWriter)] {
        table.takeOpen().map { flow in
            var writer = StateWriter()
            flow.carry(into: &writer)
            return (flow.flowKey, writer)
        }
    }

    public func resumeFlow(from reader: inout StateReader) throws {
        table.insert(try YAFFlow(carriedFrom: &reader))
    }

    public func finish() {
        table.closeAll()
        finished = table.takeClosed()
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        for closed in finished.sorted(by: Self.precedes) {
            let flow = closed.flow
            logs[0].row(at: flow.start) { row in
                if context.isOsect { Self.osectRow(closed, into: &row) } else { Self.nativeRow(closed, into: &row) }
            }
        }
    }

    private static func osectRow(_ closed: YAFClosedFlow, into row: inout RowEncoder) {
        let flow = closed.flow
        let startMS = YAFText.milliseconds(flow.start), endMS = YAFText.milliseconds(flow.end)
        let rttMS = flow.firstReverse.map { YAFText.milliseconds($0) - startMS } ?? 0
        row.string(YAFText.epoch(flow.start))
        row.string(YAFText.dateTime(flow.start))
        row.string(YAFText.dateTime(flow.end))
        row.string(YAFText.seconds(milliseconds: endMS - startMS))
        row.string(YAFText.seconds(milliseconds: max(0, rttMS)))
        row.string(YAFProtocolNames.names[Int(flow.key.ipProtocol)])
        row.string(YAFText.address(flow.key.source))
        row.string("0")
        row.string(YAFText.address(flow.key.destination))
        row.string("0")
        row.macAddress(flow.sourceMAC)
        row.macAddress(flow.destinationMAC)
        for _ in 0..<4 { row.string("0") }
        row.string("00000000")
        row.string("00000000")
        row.string(YAFText.vlan(flow.key.vlan))
        row.string(YAFText.vlan(flow.reversePackets > 0 ? flow.reverseVLAN : 0))
        for value in [flow.packets, flow.octets, flow.reversePackets, flow.reverseOctets] { row.string(String(value)) }
        row.string(closed.reason.rawValue)
    }

    private static func nativeRow(_ closed: YAFClosedFlow, into row: inout RowEncoder) {
        let flow = closed.flow
        row.time(flow.start)
        row.time(flow.end)
        row.interval(flow.end.interval(since: flow.start))
        row.interval(flow.firstReverse.map { $0.interval(since: flow.start) } ?? .zero)
        row.string(YAFProtocolNames.names[Int(flow.key.ipProtocol)])
        row.addr(flow.key.source)
        row.port(0)
        row.addr(flow.key.destination)
        row.port(0)
        row.macAddress(flow.sourceMAC)
        row.macAddress(flow.destinationMAC)
        for _ in 0..<4 { row.string("0") }
        row.string("00000000")
        row.string("00000000")
        row.count(Int(flow.key.vlan))
        row.count(Int(flow.reversePackets > 0 ? flow.reverseVLAN : 0))
        for value in [flow.packets, flow.octets, flow.reversePackets, flow.reverseOctets] { row.count(value) }
        row.string(closed.reason.rawValue)
    }

    /// Start time, then the flow key: the same order on every run.
    private static func precedes(_ a: YAFClosedFlow, _ b: YAFClosedFlow) -> Bool {
        if a.flow.start != b.flow.start { return a.flow.start < b.flow.start }
        let x = a.flow.key, y = b.flow.key
        return (x.source, x.destination, x.ipProtocol, x.vlan) < (y.source, y.destination, y.ipProtocol, y.vlan)
    }
}

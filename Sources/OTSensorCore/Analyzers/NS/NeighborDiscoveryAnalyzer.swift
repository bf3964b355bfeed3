/// ns.log (LOGS.md §6.4): ICMPv6 Neighbor Solicitations and Advertisements,
/// aggregated per (orig_mac, resp_mac, orig_ip, resp_ip, who_has) within the slice.
public final class NeighborDiscoveryAnalyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(icmpv6Types: [135, 136])

    /// Column order as ns.zeek writes it (not the seed's, §6.4 "Discrepancies").
    public static let logs = [LogDescription(fileName: "ns.log", schema: LogSchema(path: "ns", fields: [
        LogField(name: "ts", type: .time),
        LogField(name: "orig_mac", type: .string),
        LogField(name: "resp_mac", type: .string),
        LogField(name: "orig_ip", type: .addr),
        LogField(name: "resp_ip", type: .addr),
        LogField(name: "who_has", type: .addr),
        LogField(name: "pkts", type: .int),
    ], osectFraming: .z8))]

    /// The key does not name the flow: a key's packets can come on several
    /// flows, hence in several shards.
    private var table: ShardedAggregation<NeighborRecord>
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) { table = ShardedAggregation(.anyShard, environment: environment) }

    public func ipPacket(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer, connection: ConnectionView) {
        let end = min(bytes.count, packet.transportOffset + packet.transportLength)
        guard let message = NeighborMessage(bytes, offset: packet.transportOffset, end: end) else { return }
        if let problem = message.optionProblem { anomalies.record(problem.rawValue) }
        guard let record = NeighborRecord(message, connection: connection) else { return }
        table.add(record, at: packet.timestamp)
    }

    public func absorb(_ others: [NeighborDiscoveryAnalyzer], sliceEnded: Bool) {
        table.absorb(others.map { $0.table.handOver(sliceEnded: sliceEnded) })
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        for entry in table.entries {
            let record = entry.key
            logs[0].row(at: entry.first) { row in
                row.time(entry.first)
                row.macAddress(record.origMAC)
                if let mac = record.respMAC { row.macAddress(mac) } else { row.unset() }
                row.addr(record.origIP)
                row.addr(record.respIP)
                if let whoHas = record.whoHas { row.addr(whoHas) } else { row.unset() }
                row.int(entry.count)
            }
        }
    }
}

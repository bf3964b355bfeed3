/// arp.log (LOGS.md §6.3): Ethernet/IPv4 ARP requests and replies, aggregated
/// per (orig_mac, orig_ip, resp_mac, resp_ip, who_has) within the slice.
///
/// Link frames are sharded by MAC pair, so one host's repeated requests (first
/// broadcast, then unicast) may sit in different shards: the key's events are
/// aggregated across shards in capture order (`ShardedAggregation.anyShard`).
public final class ARPAnalyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(etherTypes: [0x0806, 0x8035])

    public static let logs = [LogDescription(fileName: "arp.log", schema: LogSchema(path: "arp", fields: [
        LogField(name: "ts", type: .time),
        LogField(name: "orig_mac", type: .string),
        LogField(name: "orig_ip", type: .addr),
        LogField(name: "resp_mac", type: .string),
        LogField(name: "resp_ip", type: .addr),
        LogField(name: "who_has", type: .addr),
        LogField(name: "pkts", type: .int),
    ], osectFraming: .z8))]

    private var table: ShardedAggregation<ARPRecord>
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) { table = ShardedAggregation(.anyShard, environment: environment) }

    public func linkFrame(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer) {
        switch ARPMessage.parse(bytes, offset: packet.networkOffset, linkSource: packet.sourceMAC) {
        case .success(let message): table.add(ARPRecord(message), at: packet.timestamp)
        case .failure(let rejection): anomalies.record(rejection.rawValue)
        }
    }

    public func absorb(_ others: [ARPAnalyzer], sliceEnded: Bool) {
        table.absorb(others.map { $0.table.handOver(sliceEnded: sliceEnded) })
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        for entry in table.entries {
            let record = entry.key
            logs[0].row(at: entry.first) { row in
                row.time(entry.first)
                row.macAddress(record.origMAC)
                row.addr(IPAddress(ipv4: record.origIP))
                if let mac = record.respMAC { row.macAddress(mac) } else { row.unset() }
                row.addr(IPAddress(ipv4: record.respIP))
                if let whoHas = record.whoHas { row.addr(IPAddress(ipv4: whoHas)) } else { row.unset() }
                row.int(entry.count)
            }
        }
    }
}

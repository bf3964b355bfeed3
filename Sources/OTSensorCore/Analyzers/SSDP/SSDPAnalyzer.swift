/// ssdp.log (LOGS.md §6.12): the distinct SSDP sender/method/agent tuples of
/// the slice, from the originator's datagrams on connections to port 1900.
/// Every parsed datagram confirms `spicy_ssdp` in conn.log's service column.
public final class SSDPAnalyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(udpPorts: [1900])
    public static let logs = [LogDescription(fileName: "ssdp.log", schema: LogSchema(path: "ssdp", fields: [
        LogField(name: "ts", type: .time),
        LogField(name: "SrcIP", type: .addr),
        LogField(name: "SrcMAC", type: .string),
        LogField(name: "Method", type: .string),
        LogField(name: "SERVER_or_USER_AGENT", type: .string),
    ], osectFraming: .z1))]

    /// Every logged column but ts.
    struct Key: Hashable, Sendable {
        var source: IPAddress
        var sourceMAC: MACAddress
        var message: SSDPMessage
    }

    /// The key does not name the flow: a key's datagrams can come on several
    /// flows (source ports, destinations), hence in several shards.
    private var table: ShardedAggregation<Key>
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) { table = ShardedAggregation(.anyShard, environment: environment) }

    public func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool,
                         connection: inout ConnectionView) {
        guard connection.respPort == 1900, isOrig else { return }
        do {
            let message = try SSDPMessage(parsing: payload)
            connection.confirm(.spicySSDP)
            // The script reads the originator's MAC; without one it fails and logs nothing.
            guard !connection.origL2Address.isZero else {
                anomalies.record("ssdp.originator_without_mac")
                return
            }
            let key = Key(source: connection.origAddress, sourceMAC: connection.origL2Address, message: message)
            table.add(key, at: connection.time)
        } catch {
            anomalies.record(error.rawValue)
        }
    }

    public func absorb(_ others: [SSDPAnalyzer], sliceEnded: Bool) {
        table.absorb(others.map { $0.table.handOver(sliceEnded: sliceEnded) })
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        for entry in table.entries {
            let message = entry.key.message
            logs[0].row(at: entry.first) { row in
                row.time(entry.first)
                row.addr(entry.key.source)
                row.macAddress(entry.key.sourceMAC)
                if let method = message.method { row.string(method.logName) } else { row.unset() }
                if let agent = message.agent { row.string(agent) } else { row.unset() }
            }
        }
    }
}

extension Service {
    /// The Spicy SSDP analyzer's name in conn.log.
    static let spicySSDP = Service("spicy_ssdp")
}

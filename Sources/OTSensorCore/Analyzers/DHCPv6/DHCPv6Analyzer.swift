/// dhcpv6.log (LOGS.md §6.11): the distinct DHCPv6 client tuples of the slice,
/// from the originator's messages on connections to port 547.
public final class DHCPv6Analyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(udpPorts: [547])
    public static let logs = [LogDescription(fileName: "dhcpv6.log", schema: LogSchema(path: "dhcpv6", fields: [
        LogField(name: "ts", type: .time),
        LogField(name: "SrcIP", type: .addr),
        LogField(name: "SrcMAC", type: .string),
        LogField(name: "Hostname", type: .string),
        LogField(name: "FingerPrint", type: .vector(.count)),
        LogField(name: "EnterpriseNumber", type: .count),
        LogField(name: "VendorClass", type: .string),
    ], osectFraming: .z1))]

    /// Every logged column but ts (all follow from the message's options).
    struct Key: Hashable, Sendable {
        var source: IPAddress
        var sourceMAC: MACAddress
        var message: DHCPv6ClientMessage
    }

    /// The key does not name the flow: a key's datagrams can come on several
    /// flows (source ports, destinations), hence in several shards.
    private var table: ShardedAggregation<Key>
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) { table = ShardedAggregation(.anyShard, environment: environment) }

    public func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool,
                         connection: inout ConnectionView) {
        guard connection.respPort == 547, isOrig else { return }
        do {
            let message = try DHCPv6ClientMessage(parsing: payload)
            // The script reads the originator's MAC; without one it fails and logs nothing.
            guard !connection.origL2Address.isZero else {
                anomalies.record("dhcpv6.originator_without_mac")
                return
            }
            let key = Key(source: connection.origAddress, sourceMAC: connection.origL2Address, message: message)
            table.add(key, at: connection.time)
        } catch {
            anomalies.record(error.rawValue)
        }
    }

    public func absorb(_ others: [DHCPv6Analyzer], sliceEnded: Bool) {
        table.absorb(others.map { $0.table.handOver(sliceEnded: sliceEnded) })
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        for entry in table.entries {
            let message = entry.key.message
            logs[0].row(at: entry.first) { row in
                row.time(entry.first)
                row.addr(entry.key.source)
                row.macAddress(entry.key.sourceMAC)
                if let hostname = message.hostname { row.string(hostname) } else { row.unset() }
                if let fingerprint = message.fingerprint { row.countVector(fingerprint) } else { row.unset() }
                if message.enterpriseNumber != 0 { row.count(UInt64(message.enterpriseNumber)) } else { row.unset() }
                if !message.vendorClass.isEmpty { row.string(message.vendorClass) } else { row.unset() }
            }
        }
    }
}

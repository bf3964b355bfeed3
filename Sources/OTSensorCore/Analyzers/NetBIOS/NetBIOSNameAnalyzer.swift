/// netbios-ns.log (LOGS.md §6.9): the distinct unique-name registrations of
/// the slice, from datagrams of both directions on connections to port 137.
/// Zeek's DNS analyzer also owns port 137 (dns.log, service `dns`); this
/// analyzer writes only the registrations.
public final class NetBIOSNameAnalyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(udpPorts: [137])
    public static let logs = [LogDescription(fileName: "netbios-ns.log", schema: LogSchema(path: "nbns", fields: [
        LogField(name: "ts", type: .time),
        LogField(name: "SrcIP", type: .addr),
        LogField(name: "SrcMAC", type: .string),
        LogField(name: "Name", type: .string),
        LogField(name: "TTL", type: .count),
        LogField(name: "ServiceType", type: .string),
    ], osectFraming: .z1))]

    /// Every logged column but ts (ServiceType follows from the suffix).
    struct Key: Hashable, Sendable {
        var source: IPAddress
        var sourceMAC: MACAddress
        var registration: NetBIOSNameRegistration
    }

    /// The key does not name the flow: a key's datagrams can come on several
    /// flows (source ports, destinations), hence in several shards.
    private var table: ShardedAggregation<Key>
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) { table = ShardedAggregation(.anyShard, environment: environment) }

    public func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool,
                         connection: inout ConnectionView) {
        guard connection.respPort == 137 else { return }
        do {
            guard case .uniqueRegistration(let registration) = try NetBIOSNameRegistration.parse(payload) else { return }
            // The script reads the originator's MAC; without one it fails and logs nothing.
            guard !connection.origL2Address.isZero else {
                anomalies.record("netbios_ns.originator_without_mac")
                return
            }
            let key = Key(source: connection.origAddress, sourceMAC: connection.origL2Address,
                          registration: registration)
            table.add(key, at: connection.time)
        } catch {
            anomalies.record(error.rawValue)
        }
    }

    public func absorb(_ others: [NetBIOSNameAnalyzer], sliceEnded: Bool) {
        table.absorb(others.map { $0.table.handOver(sliceEnded: sliceEnded) })
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        for entry in table.entries {
            let registration = entry.key.registration
            logs[0].row(at: entry.first) { row in
                row.time(entry.first)
                row.addr(entry.key.source)
                row.macAddress(entry.key.sourceMAC)
                row.string(registration.name)
                row.count(UInt64(registration.ttl))
                row.string(registration.serviceType)
            }
        }
    }
}

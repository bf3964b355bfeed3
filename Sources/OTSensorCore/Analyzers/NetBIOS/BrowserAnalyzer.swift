/// mswin-browser.log (LOGS.md §6.10): the distinct browser announcements of
/// the slice, from datagrams of both directions on connections to port 138.
public final class BrowserAnalyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(udpPorts: [138])
    public static let logs = [LogDescription(fileName: "mswin-browser.log", schema: LogSchema(path: "cifs", fields: [
        LogField(name: "ts", type: .time),
        LogField(name: "SrcIP", type: .addr),
        LogField(name: "SrcMAC", type: .string),
        LogField(name: "ServerName", type: .string),
        LogField(name: "OSVersion", type: .string),
        LogField(name: "ServerType", type: .string),
        LogField(name: "BrowserVersion", type: .string),
        LogField(name: "Signature", type: .string),
        LogField(name: "HostComment", type: .string),
    ], osectFraming: .z1))]

    /// Every logged column but ts.
    struct Key: Hashable, Sendable {
        var source: IPAddress
        var sourceMAC: MACAddress
        var announcement: BrowserAnnouncement
    }

    /// The key does not name the flow: a key's datagrams can come on several
    /// flows (source ports, destinations), hence in several shards.
    private var table: ShardedAggregation<Key>
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) { table = ShardedAggregation(.anyShard, environment: environment) }

    public func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool,
                         connection: inout ConnectionView) {
        guard connection.respPort == 138 else { return }
        do {
            guard let announcement = try BrowserAnnouncement.parse(payload) else { return }
            // The script reads the originator's MAC; without one it fails and logs nothing.
            guard !connection.origL2Address.isZero else {
                anomalies.record("mswin_browser.originator_without_mac")
                return
            }
            let key = Key(source: connection.origAddress, sourceMAC: connection.origL2Address,
                          announcement: announcement)
            table.add(key, at: connection.time)
        } catch {
            anomalies.record(error.rawValue)
        }
    }

    public func absorb(_ others: [BrowserAnalyzer], sliceEnded: Bool) {
        table.absorb(others.map { $0.table.handOver(sliceEnded: sliceEnded) })
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        for entry in table.entries {
            let announcement = entry.key.announcement
            logs[0].row(at: entry.first) { row in
                row.time(entry.first)
                row.addr(entry.key.source)
                row.macAddress(entry.key.sourceMAC)
                row.string(announcement.serverName)
                row.string(announcement.osVersion)
                row.string(announcement.serverTypeText)
                row.string(announcement.browserVersion)
                row.string(announcement.signatureText)
                row.string(announcement.comment)
            }
        }
    }
}

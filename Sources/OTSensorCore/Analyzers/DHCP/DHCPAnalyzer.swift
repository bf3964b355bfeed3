/// dhcp2.log (LOGS.md §6.8): the distinct DHCPv4 client tuples of the slice,
/// from the originator's messages on connections to port 67 or 68. It also
/// stands in for Zeek's own DHCP analyzer in conn.log's `service` column.
public final class DHCPAnalyzer: PacketAnalyzer {
    /// 4011 (PXE) only matters for the `dhcp` service, as in Zeek's DHCP ports.
    public static let interest = AnalyzerInterest(udpPorts: [67, 68, 4011])
    /// Zeek's dhcp_cookie signature attaches it on any UDP port.
    public static let analyzerName = "dhcp"
    public static let logs = [LogDescription(fileName: "dhcp2.log", schema: LogSchema(path: "mydhcp", fields: [
        LogField(name: "ts", type: .time),
        LogField(name: "SrcIP", type: .addr),
        LogField(name: "SrcMAC", type: .string),
        LogField(name: "Hostname", type: .string),
        LogField(name: "ParameterList", type: .vector(.count)),
        LogField(name: "ClassId", type: .string),
    ], osectFraming: .z1))]

    /// The aggregation key: every logged column but ts.
    struct Key: Hashable, Sendable {
        var source: IPAddress
        var message: DHCPClientMessage
    }

    /// The key does not name the flow: a key's datagrams can come on several
    /// flows (source ports, destinations), hence in several shards.
    private var table: ShardedAggregation<Key>
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) { table = ShardedAggregation(.anyShard, environment: environment) }

    public func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool,
                         connection: inout ConnectionView) {
        if DHCPServiceCheck.isDHCP(payload) { connection.confirm(.dhcp) }
        guard connection.respPort == 67 || connection.respPort == 68, isOrig else {
            return
        }
        do {
            let message = try DHCPClientMessage(parsing: payload)
            let key = Key(source: connection.origAddress, message: message)
            table.add(key, at: connection.time)
        } catch {
            anomalies.record(error.rawValue)
        }
    }

    public func absorb(_ others: [DHCPAnalyzer], sliceEnded: Bool) {
        table.absorb(others.map { $0.table.handOver(sliceEnded: sliceEnded) })
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        for entry in table.entries {
            let message = entry.key.message
            logs[0].row(at: entry.first) { row in
                row.time(entry.first)
                row.addr(entry.key.source)
                row.string(HardwareAddressText.colonHex(message.clientHardwareAddress))
                if let hostname = message.hostname { row.string(hostname) } else { row.unset() }
                if let list = message.parameterRequestList { row.countVector(list) } else { row.unset() }
                if let classID = message.classID { row.string(classID) } else { row.unset() }
            }
        }
    }
}

/// chaddr as dhcp2.log prints it: two lower-case hex digits per byte, joined by `:`.
enum HardwareAddressText {
    static func colonHex(_ bytes: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 3)
        for (index, byte) in bytes.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ":")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }
}

extension Service {
    /// Zeek's DHCP analyzer's name in conn.log.
    static let dhcp = Service("dhcp")
}

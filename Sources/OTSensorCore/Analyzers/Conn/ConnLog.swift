/// conn.log: its two column layouts and how a finished connection becomes a row.
public enum ConnLog {
    /// Current Zeek's Conn::Info with mac-logging and vlan-logging loaded.
    public static let nativeSchema = LogSchema(path: "conn", fields: [
        LogField(name: "ts", type: .time),
        LogField(name: "uid", type: .string),
        LogField(name: "id.orig_h", type: .addr),
        LogField(name: "id.orig_p", type: .port),
        LogField(name: "id.resp_h", type: .addr),
        LogField(name: "id.resp_p", type: .port),
        LogField(name: "proto", type: .enumeration),
        LogField(name: "service", type: .string),
        LogField(name: "duration", type: .interval),
        LogField(name: "orig_bytes", type: .count),
        LogField(name: "resp_bytes", type: .count),
        LogField(name: "conn_state", type: .string),
        LogField(name: "local_orig", type: .bool),
        LogField(name: "local_resp", type: .bool),
        LogField(name: "missed_bytes", type: .count),
        LogField(name: "history", type: .string),
        LogField(name: "orig_pkts", type: .count),
        LogField(name: "orig_ip_bytes", type: .count),
        LogField(name: "resp_pkts", type: .count),
        LogField(name: "resp_ip_bytes", type: .count),
        LogField(name: "tunnel_parents", type: .set(.string)),
        LogField(name: "ip_proto", type: .count),
        LogField(name: "orig_l2_addr", type: .string),
        LogField(name: "resp_l2_addr", type: .string),
        LogField(name: "vlan", type: .int),
        LogField(name: "inner_vlan", type: .int),
    ], osectFraming: .z8)

    /// The 23 columns the existing sensor ships (LOGS.md §6.1).
    public static let osectSchema = LogSchema(
        path: "conn",
        fields: nativeSchema.fields.filter { !["ip_proto", "vlan", "inner_vlan"].contains($0.name) },
        osectFraming: .z8)

    public static func schema(for format: LogFormat) -> LogSchema {
        format == .osect ? osectSchema : nativeSchema
    }

    /// Encodes one row. `tunnelParents` are the uids of the encapsulating connections.
    public static func encode(_ record: ConnRecord, uid: [UInt8], tunnelParents: [[UInt8]],
                              localNetworks: LocalNetworks, into row: inout RowEncoder) {
        let native = row.format != .osect
        row.beginRow()
        row.time(record.time)
        row.string(uid)
        row.addr(record.origAddress)
        row.port(record.origPort)
        row.addr(record.respAddress)
        row.port(record.respPort)
        row.enumValue(record.transport.name)
        if record.services.isEmpty { row.unset() } else { row.string(record.services.names.joined(separator: ",")) }
        let hasDuration = record.duration.nanoseconds > 0
        if hasDuration {
            row.interval(record.duration)
            row.count(record.origBytes)
            row.count(record.respBytes)
        } else {
            row.unset()
            row.unset()
            row.unset()
        }
        row.string(record.connState.rawValue)
        optionalBool(localNetworks.isLocal(record.origAddress), into: &row)
        optionalBool(localNetworks.isLocal(record.respAddress), into: &row)
        row.count(record.missedBytes)
        if record.history.isEmpty { row.unset() } else { row.string(record.history) }
        row.count(record.origPackets)
        row.count(record.origIPBytes)
        row.count(record.respPackets)
        row.count(record.respIPBytes)
        if tunnelParents.isEmpty { row.unset() } else { row.stringSet(tunnelParents) }
        if native { row.count(UInt64(record.ipProtocol)) }
        macAddress(record.origL2Address, into: &row)
        macAddress(record.respL2Address, into: &row)
        if native {
            if record.vlan != 0 { row.int(Int64(record.vlan)) } else { row.unset() }
            if record.innerVLAN != 0 { row.int(Int64(record.innerVLAN)) } else { row.unset() }
        }
        row.endRow()
    }

    private static func optionalBool(_ value: Bool?, into row: inout RowEncoder) {
        if let value { row.bool(value) } else { row.unset() }
    }

    private static func macAddress(_ address: MACAddress, into row: inout RowEncoder) {
        if address.isZero { row.unset() } else { row.macAddress(address) }
    }
}

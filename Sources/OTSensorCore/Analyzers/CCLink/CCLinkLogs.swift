/// The three CC-Link logs (LOGS.md §6.13, §6.14, appendix D): Zeek-native
/// columns as NTT's scripts declare them; the osect layout ships the same
/// columns framed Z8.
enum CCLinkLogs {
    static let iefBasic = LogDescription(fileName: "cclink-ief-basic.log", schema: LogSchema(
        path: "cclink-ief-basic",
        fields: [
            LogField(name: "ts", type: .time), LogField(name: "uid", type: .string),
            LogField(name: "id.orig_h", type: .addr), LogField(name: "id.orig_p", type: .port),
            LogField(name: "id.resp_h", type: .addr), LogField(name: "id.resp_p", type: .port),
            LogField(name: "pdu", type: .string), LogField(name: "cmd", type: .string),
            LogField(name: "number", type: .int), LogField(name: "ts_end", type: .time),
        ],
        osectFraming: .z8))

    static let ie = LogDescription(fileName: "cclink-ie.log", schema: LogSchema(
        path: "cclink-ie",
        fields: [
            LogField(name: "ts", type: .time), LogField(name: "src_mac", type: .string),
            LogField(name: "dst_mac", type: .string), LogField(name: "service", type: .string),
            LogField(name: "pdu_type", type: .string), LogField(name: "cmd", type: .string),
            LogField(name: "node_type", type: .string), LogField(name: "node_id", type: .int),
            LogField(name: "connection_info", type: .string), LogField(name: "src_node_number", type: .string),
            LogField(name: "number", type: .int), LogField(name: "ts_end", type: .time),
        ],
        osectFraming: .z8))

    /// `flame_type` (sic) is the column name OsecT ships.
    static let tsn = LogDescription(fileName: "cclink-ie-tsn.log", schema: LogSchema(
        path: "cclink-ie-tsn",
        fields: [
            LogField(name: "ts", type: .time), LogField(name: "src_mac", type: .string),
            LogField(name: "dst_mac", type: .string), LogField(name: "service", type: .string),
            LogField(name: "flame_type", type: .string), LogField(name: "pdu_type", type: .string),
            LogField(name: "node_type", type: .string), LogField(name: "device_type", type: .string),
            LogField(name: "function_name", type: .string),
            LogField(name: "number", type: .int), LogField(name: "ts_end", type: .time),
        ],
        osectFraming: .z8))
}

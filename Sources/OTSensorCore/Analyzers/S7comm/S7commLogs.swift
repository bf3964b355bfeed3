/// The two logs of the S7 analyzer (LOGS.md §6.15, §6.16) and their rows.
///
/// Both are Zeek-derived: `#path s7comm` / `#path iso_cotp` in the native
/// layout and Z8 framing in the osect layout (open question 8.3 answered like
/// the other Zeek-derived logs).
enum S7commLogs {
    private static let identity = [
        LogField(name: "ts", type: .time), LogField(name: "uid", type: .string),
        LogField(name: "id.orig_h", type: .addr), LogField(name: "id.orig_p", type: .port),
        LogField(name: "id.resp_h", type: .addr), LogField(name: "id.resp_p", type: .port),
    ]

    static let s7comm = LogDescription(fileName: "s7comm.log", schema: LogSchema(
        path: "s7comm",
        fields: identity + [
            LogField(name: "rosctr", type: .string), LogField(name: "parameter", type: .vector(.string)),
            LogField(name: "item_count", type: .count), LogField(name: "data_info", type: .vector(.string)),
        ],
        osectFraming: .z8))

    static let isoCOTP = LogDescription(fileName: "iso_cotp.log", schema: LogSchema(
        path: "iso_cotp", fields: identity + [LogField(name: "pdu_type", type: .string)], osectFraming: .z8))
}

/// The connection columns every row starts with after `ts` (uid and the four
/// endpoint columns), taken from the connection when its first PDU is seen.
struct S7ConnectionIdentity {
    let uid: [UInt8]
    let origAddress: IPAddress
    let origPort: UInt16
    let respAddress: IPAddress
    let respPort: UInt16

    init(_ view: ConnectionView, uid: [UInt8]) {
        self.uid = uid
        origAddress = view.origAddress
        origPort = view.origPort
        respAddress = view.respAddress
        respPort = view.respPort
    }

    /// The five columns encoded once for rows of `encoder`'s log, followed by
    /// `then`'s columns when given.
    func encoded(for encoder: RowEncoder, then: (inout RowEncoder) -> Void = { _ in }) -> EncodedFields {
        encoder.encodedFields(startingAt: 1) { row in
            row.string(uid)
            row.addr(origAddress)
            row.port(origPort)
            row.addr(respAddress)
            row.port(respPort)
            then(&row)
        }
    }
}

/// A session's identity columns, encoded for each of the analyzer's two logs.
/// A class: every PDU's rows read it, and sharing it costs one reference
/// instead of one per encoded column set.
final class S7SessionColumns {
    let s7comm: EncodedFields
    let cotp: EncodedFields
    /// An iso_cotp row after `ts` for a DT TPDU (`Data`), nearly every row of a session.
    let cotpData: EncodedFields

    init(_ identity: S7ConnectionIdentity, s7comm: RowEncoder, cotp: RowEncoder) {
        self.s7comm = identity.encoded(for: s7comm)
        self.cotp = identity.encoded(for: cotp)
        cotpData = identity.encoded(for: cotp) { $0.string(S7Names.cotpType(COTPTPDU.dataType)) }
    }
}

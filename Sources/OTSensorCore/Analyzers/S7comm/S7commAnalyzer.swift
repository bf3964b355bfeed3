/// Siemens S7 over ISO-on-TCP (TCP port 102): writes iso_cotp.log (one row
/// per COTP TPDU) and s7comm.log (one row per S7 or S7comm-plus PDU).
///
/// Unlike the Zeek plugin, which reads one PDU per TCP segment and stops at a
/// gap (LOGS.md §6.15), every TPKT of the reassembled stream is decoded, TPKTs
/// split across segments and COTP-segmented TSDUs are joined first, and a gap
/// only makes the direction look for the next TPKT header (ARCHITECTURE.md
/// decision 12). conn.log's service gets `s7comm` once, when the first S7 or
/// S7comm-plus PDU decodes.
public final class S7commAnalyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(tcpPorts: [102])
    public static let logs = [S7commLogs.s7comm, S7commLogs.isoCOTP]

    private var sessions: [ConnectionReference: ISOSession] = [:]
    /// The sessions last used, by serial, in front of `sessions`: finding a
    /// polling session is then one compare instead of hashing its reference
    /// for every stream chunk.
    private var recentSessions = [ISOSession?](repeating: nil, count: 64)
    private let context: LogContext
    private let names = S7NameTables.shared
    /// Rows are encoded as PDUs are decoded (the uid is known from the start),
    /// so a polling-heavy slice holds bytes, not millions of row values.
    private var s7Rows: LogRowBuffer
    private var cotpRows: LogRowBuffer
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) {
        context = environment.context
        s7Rows = LogRowBuffer(schema: S7commLogs.s7comm.schema(for: context.format), format: context.format)
        cotpRows = LogRowBuffer(schema: S7commLogs.isoCOTP.schema(for: context.format), format: context.format)
    }

    public func streamData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, connection: inout ConnectionView) {
        let session = self.session(connection)
        let direction = isOrig ? session.orig : session.resp
        let columns = session.columns
        let time = connection.time
        var confirmed = false
        direction.framer.consume(bytes, reject: { anomalies.record($0.rawValue) }) { body in
            let tpdu: COTPTPDU
            do throws(S7DecodeError) { tpdu = try COTPTPDU(body) } catch {
                anomalies.record(error.rawValue)
                return
            }
            if tpdu.typeByte == COTPTPDU.dataType {
                cotpRows.row(at: time, then: columns.cotpData)
            } else {
                cotpRows.row(at: time) { encoder in
                    encoder.time(time)
                    encoder.fields(columns.cotp)
                    encoder.string(S7Names.cotpType(tpdu.typeByte))
                }
            }
            guard let userData = tpdu.userData else { return }
            direction.segments.add(userData, isEnd: tpdu.isEndOfTSDU, reject: { anomalies.record($0.rawValue) }) { tsdu in
                if decodeS7(tsdu, time: time, columns: columns) { confirmed = true }
            }
        }
        if confirmed {
            connection.confirm(.isoCOTP)
            connection.confirm(.s7comm)
        }
    }

    public func streamGap(length: UInt64, isOrig: Bool, connection: ConnectionView) {
        guard let session = sessions[connection.reference] else { return }
        let direction = isOrig ? session.orig : session.resp
        if direction.segments.isIncomplete { anomalies.record(S7DecodeError.cotpSegmentsIncomplete.rawValue) }
        direction.segments.reset()
        direction.framer.resynchronise()
    }

    public func connectionEnded(_ connection: ConnectionView) {
        guard let session = sessions.removeValue(forKey: connection.reference) else { return }
        let slot = Self.recentSlot(connection.reference)
        if recentSessions[slot] === session { recentSessions[slot] = nil }
        recordUnfinished(session.orig)
        recordUnfinished(session.resp)
    }

    /// A TPKT or TSDU the stream ended inside is a truncated record.
    private func recordUnfinished(_ direction: ISODirection) {
        if direction.framer.hasPartialTPKT { anomalies.record(S7DecodeError.tpktTruncated.rawValue) }
        if direction.segments.isIncomplete { anomalies.record(S7DecodeError.cotpSegmentsIncomplete.rawValue) }
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        swap(&logs[0], &s7Rows)
        swap(&logs[1], &cotpRows)
    }

    public func withLiveRows(_ body: (Int, inout LogRowBuffer) -> Void) {
        body(0, &s7Rows)
        body(1, &cotpRows)
    }

    /// Decodes a complete TSDU as S7 (0x32) or S7comm-plus (0x72) and adds its
    /// row; other protocols on port 102 (e.g. MMS over ISO session) add none.
    /// Returns whether an S7 PDU was decoded.
    private func decodeS7(_ tsdu: UnsafeRawBufferPointer, time: Timestamp, columns: S7SessionColumns) -> Bool {
        guard tsdu.first == S7PDUDecoder.protocolID || tsdu.first == S7PlusDecoder.protocolID else { return false }
        do throws(S7DecodeError) {
            try s7Rows.row(at: time, startingWith: columns.s7comm) { (encoder) throws(S7DecodeError) in
                try encoder.withS7Columns(names: names) { (row) throws(S7DecodeError) in
                    try decodeS7(tsdu, into: &row)
                }
            }
        } catch {
            anomalies.record(error.rawValue)
            return false
        }
        return true
    }

    private func decodeS7(_ tsdu: UnsafeRawBufferPointer, into row: inout S7RowColumns) throws(S7DecodeError) {
        if tsdu.first == S7PlusDecoder.protocolID { return try S7PlusDecoder.decode(tsdu, into: &row) }
        var decoder = S7PDUDecoder(tsdu)
        try decoder.decode(into: &row)
        if decoder.hadTruncatedItem { anomalies.record(S7DecodeError.itemTruncated.rawValue) }
    }

    private func session(_ connection: ConnectionView) -> ISOSession {
        let slot = Self.recentSlot(connection.reference)
        // (shard, serial) tells connections apart (see `ConnectionReference.hash`);
        // comparing the flow keys and start times as well cost more than the rest of the lookup.
        if let recent = recentSessions[slot], recent.reference.serial == connection.reference.serial,
           recent.reference.shard == connection.reference.shard {
            return recent
        }
        let session = sessions[connection.reference] ?? createSession(connection)
        recentSessions[slot] = session
        return session
    }

    private func createSession(_ connection: ConnectionView) -> ISOSession {
        let identity = S7ConnectionIdentity(connection, uid: context.uid(connection.reference))
        let created = ISOSession(reference: connection.reference,
                                 columns: S7SessionColumns(identity, s7comm: s7Rows.encoder, cotp: cotpRows.encoder))
        sessions[connection.reference] = created
        return created
    }

    private static func recentSlot(_ reference: ConnectionReference) -> Int {
        Int(truncatingIfNeeded: reference.serial) & 63
    }
}

/// The per-direction stream state of one connection. Classes so that the
/// framer can hand a TPKT to code that updates the same direction's
/// reassembly without copying either.
final class ISOSession {
    let reference: ConnectionReference
    let columns: S7SessionColumns
    let orig = ISODirection()
    let resp = ISODirection()

    init(reference: ConnectionReference, columns: S7SessionColumns) {
        self.reference = reference
        self.columns = columns
    }
}

final class ISODirection {
    var framer = TPKTFramer()
    var segments = COTPReassembly()
}

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
    /// Unretained: `sessions` owns them, and a session leaves this cache when it leaves `sessions`.
    private var recentSessions = [Unmanaged<ISOSession>?](repeating: nil, count: 64)
    private let context: LogContext
    private let names = S7NameTables.shared
    private let processValues: ProcessValues
    /// Rows are encoded as PDUs are decoded (the uid is known from the start),
    /// so a polling-heavy slice holds bytes, not millions of row values.
    private var s7Rows: LogRowBuffer
    private var cotpRows: LogRowBuffer
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) {
        context = environment.context
        processValues = environment.processValues
        s7Rows = LogRowBuffer(schema: S7commLogs.s7comm.schema(for: context.format), format: context.format)
        cotpRows = LogRowBuffer(schema: S7commLogs.isoCOTP.schema(for: context.format), format: context.format)
    }

    public func streamData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, connection: inout ConnectionView) {
        let time = connection.time
        var confirmed = false
        // Borrowed, not retained: `sessions` owns it, and a polling slice's
        // million stream chunks would each retain and release it.
        let session = recentSession(shard: connection.reference.shard, serial: connection.reference.serial)
            ?? session(connection)
        session._withUnsafeGuaranteedRef { session in
            session.consume(bytes, isOrig: isOrig, reject: { anomalies.record($0.rawValue) }) { tpdu, columns in
                if tpdu.typeByte == COTPTPDU.dataType {
                    cotpRows.row(at: time, then: columns.cotpData)
                } else {
                    cotpRows.row(at: time) { encoder in
                        encoder.time(time)
                        encoder.fields(columns.cotp)
                        encoder.string(S7Names.cotpType(tpdu.typeByte))
                    }
                }
            } tsdu: { tsdu, columns in
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
        if session.gap(isOrig: isOrig) { anomalies.record(S7DecodeError.cotpSegmentsIncomplete.rawValue) }
    }

    public func connectionEnded(_ connection: ConnectionView) {
        guard let session = sessions.removeValue(forKey: connection.reference) else { return }
        let slot = Self.recentSlot(serial: connection.reference.serial)
        if recentSessions[slot]?.toOpaque() == Unmanaged.passUnretained(session).toOpaque() {
            recentSessions[slot] = nil
        }
        session.recordUnfinished(in: &anomalies)
    }

    /// A COTP session outlives the slice: its half-received TPKT and TSDU
    /// continue in the next slice of the stream.
    public func carry(_ connection: ConnectionView, into writer: inout StateWriter) -> Bool {
        guard let session = sessions.removeValue(forKey: connection.reference) else { return true }
        let slot = Self.recentSlot(serial: connection.reference.serial)
        if recentSessions[slot]?.toOpaque() == Unmanaged.passUnretained(session).toOpaque() {
            recentSessions[slot] = nil
        }
        session.carry(into: &writer)
        return true
    }

    public func resume(_ connection: ConnectionView, from reader: inout StateReader) throws {
        guard !reader.isAtEnd else { return }
        try createSession(connection).resume(from: &reader)
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
                try encoder.withS7Columns(names: names, processValues: processValues) { (row) throws(S7DecodeError) in
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

    /// The session of `connection`, unretained: `sessions` owns it.
    private func session(_ connection: ConnectionView) -> Unmanaged<ISOSession> {
        let session = Unmanaged.passUnretained(sessions[connection.reference] ?? createSession(connection))
        recentSessions[Self.recentSlot(serial: connection.reference.serial)] = session
        return session
    }

    /// The session last used in the connection's slot, when it is the
    /// connection's: (shard, serial) tells connections apart (see
    /// `ConnectionReference.hash`), and comparing the flow keys and start
    /// times as well cost more than the rest of the lookup.
    private func recentSession(shard: Int, serial: UInt64) -> Unmanaged<ISOSession>? {
        guard let recent = recentSessions[Self.recentSlot(serial: serial)],
              recent._withUnsafeGuaranteedRef({ $0.reference.serial == serial && $0.reference.shard == shard })
        else { return nil }
        return recent
    }

    private func createSession(_ connection: ConnectionView) -> ISOSession {
        let identity = S7ConnectionIdentity(connection, uid: context.uid(connection.reference))
        let created = ISOSession(reference: connection.reference,
                                 columns: S7SessionColumns(identity, s7comm: s7Rows.encoder, cotp: cotpRows.encoder))
        sessions[connection.reference] = created
        return created
    }

    private static func recentSlot(serial: UInt64) -> Int {
        Int(truncatingIfNeeded: serial) & 63
    }
}

/// The stream state of one connection's two directions, and its identity
/// columns. A class that analyses a chunk in a method: the analyzer borrows
/// it, and the framer hands each TPKT to code that updates the same
/// direction's reassembly without copying either.
final class ISOSession {
    let reference: ConnectionReference
    let columns: S7SessionColumns
    private var origFramer = TPKTFramer()
    private var origSegments = COTPReassembly()
    private var respFramer = TPKTFramer()
    private var respSegments = COTPReassembly()

    init(reference: ConnectionReference, columns: S7SessionColumns) {
        self.reference = reference
        self.columns = columns
    }

    func carry(into writer: inout StateWriter) {
        origFramer.carry(into: &writer)
        origSegments.carry(into: &writer)
        respFramer.carry(into: &writer)
        respSegments.carry(into: &writer)
    }

    func resume(from reader: inout StateReader) throws {
        origFramer = try TPKTFramer(carriedFrom: &reader)
        origSegments = try COTPReassembly(carriedFrom: &reader)
        respFramer = try TPKTFramer(carriedFrom: &reader)
        respSegments = try COTPReassembly(carriedFrom: &reader)
    }

    /// Passes every COTP TPDU one direction's chunk completes to `tpdu`, and
    /// every TSDU those complete to `tsdu`, in stream order.
    func consume(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, reject: (S7DecodeError) -> Void,
                 tpdu: (COTPTPDU, S7SessionColumns) -> Void, tsdu: (UnsafeRawBufferPointer, S7SessionColumns) -> Void) {
        if isOrig {
            Self.consume(bytes, &origFramer, &origSegments, columns, reject, tpdu, tsdu)
        } else {
            Self.consume(bytes, &respFramer, &respSegments, columns, reject, tpdu, tsdu)
        }
    }

    /// Bytes were lost in one direction: drops its partial TPKT and TSDU;
    /// returns whether a TSDU was cut short.
    func gap(isOrig: Bool) -> Bool {
        let incomplete = isOrig ? origSegments.isIncomplete : respSegments.isIncomplete
        if isOrig {
            origSegments.reset()
            origFramer.resynchronise()
        } else {
            respSegments.reset()
            respFramer.resynchronise()
        }
        return incomplete
    }

    /// A TPKT or TSDU the stream ended inside, in either direction, is a truncated record.
    func recordUnfinished(in anomalies: inout AnomalyCounts) {
        if origFramer.hasPartialTPKT { anomalies.record(S7DecodeError.tpktTruncated.rawValue) }
        if respFramer.hasPartialTPKT { anomalies.record(S7DecodeError.tpktTruncated.rawValue) }
        if origSegments.isIncomplete { anomalies.record(S7DecodeError.cotpSegmentsIncomplete.rawValue) }
        if respSegments.isIncomplete { anomalies.record(S7DecodeError.cotpSegmentsIncomplete.rawValue) }
    }

    private static func consume(_ bytes: UnsafeRawBufferPointer, _ framer: inout TPKTFramer,
                                _ segments: inout COTPReassembly, _ columns: S7SessionColumns,
                                _ reject: (S7DecodeError) -> Void, _ tpdu: (COTPTPDU, S7SessionColumns) -> Void,
                                _ tsdu: (UnsafeRawBufferPointer, S7SessionColumns) -> Void) {
        framer.consume(bytes, reject: reject) { body in
            let unit: COTPTPDU
            do throws(S7DecodeError) { unit = try COTPTPDU(body) } catch {
                reject(error)
                return
            }
            tpdu(unit, columns)
            guard let userData = unit.userData else { return }
            segments.add(userData, isEnd: unit.isEndOfTSDU, reject: reject) { tsdu($0, columns) }
        }
    }
}

extension Service {
    /// The names the S7 plugin's script adds to conn.log (LOGS.md §6.15).
    static let isoCOTP = Service("iso_cotp")
    static let s7comm = Service("s7comm")
}

/// dns.log: DNS over UDP (53, NetBIOS name service 137 — shared with the NBNS
/// analyzer —, mDNS 5353, LLMNR 5355) and TCP (53), one row per
/// query/response transaction with Zeek 9.1's columns and rules, or in the
/// osect layout the shipped sensor's rows aggregated per slice (LOGS.md §6.5).
/// conn.log's service gets `dns` once a message's questions and answers read
/// as DNS, as Zeek's analyzer confirms it.
///
/// Only connections whose responder port is one of these are analysed: Zeek
/// attaches its DNS analyzer by the responder port alone.
public final class DNSAnalyzer: PacketAnalyzer {
    static let udpPorts: [UInt16] = [53, DNSNetBIOS.port, 5353, 5355]
    static let tcpPorts: [UInt16] = [53]
    public static let interest = AnalyzerInterest(udpPorts: udpPorts, tcpPorts: tcpPorts)
    public static let logs = [DNSLog.dns]

    private let context: LogContext
    private let dialect: DNSDialect
    private var sessions: [ConnectionReference: DNSSession] = [:]
    /// Native rows, encoded when their transaction is written.
    private var rows: LogRowBuffer
    /// Osect rows, aggregated until the slice ends. A record names its
    /// connection, so all of a key's transactions are in this shard.
    private var table: ShardedAggregation<DNSRecord>
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) {
        context = environment.context
        dialect = context.isOsect ? .osect : .zeek9
        rows = LogRowBuffer(schema: DNSLog.dns.schema(for: context.format), format: context.format)
        table = ShardedAggregation(.oneShard, environment: environment)
    }

    public func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool,
                         connection: inout ConnectionView) {
        guard let session = session(for: connection, ports: Self.udpPorts) else { return }
        var endpoints = DNSEndpoints(connection)
        var isOrig = isOrig
        handle(payload, session: session, isOrig: &isOrig, endpoints: &endpoints, connection: &connection)
    }

    public func streamData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, connection: inout ConnectionView) {
        guard let session = session(for: connection, ports: Self.tcpPorts) else { return }
        var endpoints = DNSEndpoints(connection)
        var sender = isOrig
        session.consume(bytes, isOrig: isOrig) { message in
            guard !session.isDisabled else { return }
            handle(message, session: session, isOrig: &sender, endpoints: &endpoints, connection: &connection)
        }
        if connection.flipsRoles { session.flipStreams() }
    }

    public func streamGap(length: UInt64, isOrig: Bool, connection: ConnectionView) {
        guard let session = sessions[connection.reference], session.gap(isOrig: isOrig) else { return }
        anomalies.record(DNSParseError.streamGap.rawValue)
    }

    public func connectionEnded(_ connection: ConnectionView) {
        guard let session = sessions.removeValue(forKey: connection.reference) else { return }
        // Zeek parses what a closing stream left unfinished as a message of its own.
        for partial in session.takePartialMessages() {
            guard !session.isDisabled, let message = parse(partial) else { continue }
            _ = session.apply(message, isOrig: nil, endpoints: DNSEndpoints(connection), at: connection.time,
                              position: table.position, write: write)
        }
        session.finish(write: write)
    }

    public func absorb(_ others: [DNSAnalyzer], sliceEnded: Bool) {
        table.absorb(others.map { $0.table.handOver(sliceEnded: sliceEnded) })
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        guard dialect == .osect else {
            swap(&logs[0], &rows)
            return
        }
        for entry in table.entries {
            logs[0].row(at: entry.first) { row in
                row.time(entry.first)
                row.dnsColumns(entry.key, uid: context.uid(entry.key.endpoints.reference), dialect: .osect)
                row.int(entry.count)
            }
        }
    }

    /// The connection's session, made on its first message; nil when the
    /// connection is not DNS by its responder port, or Zeek would have
    /// detached the analyzer.
    private func session(for connection: ConnectionView, ports: [UInt16]) -> DNSSession? {
        if let session = sessions[connection.reference] { return session.isDisabled ? nil : session }
        guard ports.contains(connection.respPort) else { return nil }
        let session = DNSSession(dialect: dialect)
        sessions[connection.reference] = session
        return session
    }

    /// Parses and applies one message. A message that flips the roles turns
    /// the sender into the responder for the rest of the packet as well.
    private func handle(_ bytes: UnsafeRawBufferPointer, session: DNSSession, isOrig: inout Bool,
                        endpoints: inout DNSEndpoints, connection: inout ConnectionView) {
        guard let message = parse(bytes, netBIOS: DNSNetBIOS(origPort: endpoints.origPort,
                                                             respPort: endpoints.respPort)) else { return }
        if message.confirmsProtocol { connection.confirm(.dns) }
        if message.isProtocolViolation { connection.withdraw(.dns) }
        if session.apply(message, isOrig: isOrig, endpoints: endpoints, at: connection.time, position: table.position,
                         write: write) {
            connection.flipRoles()
            endpoints = endpoints.flipped
            isOrig.toggle()
        }
    }

    /// The message, or nil when Zeek would not read past its header; either
    /// way what stopped the reading is counted.
    private func parse(_ bytes: UnsafeRawBufferPointer, netBIOS: DNSNetBIOS = .none) -> DNSMessage? {
        do {
            let message = try DNSMessage(parsing: bytes, recordLetters: dialect.recordLetters, netBIOS: netBIOS)
            if let failure = message.failure { anomalies.record(failure.rawValue) }
            return message
        } catch {
            anomalies.record(error.rawValue)
            return nil
        }
    }

    private func parse(_ bytes: [UInt8]) -> DNSMessage? {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// Writes a finished or abandoned transaction: one native row, or one
    /// event in the osect aggregation.
    private func write(_ transaction: DNSTransaction) {
        switch dialect {
        case .zeek9:
            rows.row(at: transaction.time) { row in
                row.time(transaction.time)
                row.dnsColumns(transaction.record, uid: context.uid(transaction.record.endpoints.reference),
                               dialect: .zeek9)
                if let opcode = transaction.record.opcode {
                    let endpoints = transaction.record.endpoints
                    row.count(UInt64(opcode))
                    row.string(DNSNetBIOS(origPort: endpoints.origPort, respPort: endpoints.respPort).isNetBIOS
                               ? DNSNetBIOS.opcodeName(opcode) : DNSNames.opcode(opcode))
                } else {
                    row.unset()
                    row.unset()
                }
            }
        case .osect:
            table.add(transaction.record, at: transaction.time, position: transaction.position)
        }
    }
}

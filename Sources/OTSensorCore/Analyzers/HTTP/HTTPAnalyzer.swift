/// http.log (LOGS.md §6.7): HTTP/0.9 to 1.1 over TCP on Zeek's HTTP ports,
/// one row per request/response pair with Zeek's columns and rules (native
/// layout) or LOGS.md's 26 columns with the MAC addresses (osect layout).
/// conn.log's service gets `http` once a request line, or a status line
/// answering a request, parses, as Zeek's analyzer confirms it.
///
/// It is attached by Zeek's `HTTP::ports` (responder ports, as Zeek registers
/// its analyzer) and, on any other port, by Zeek's HTTP content signatures.
public final class HTTPAnalyzer: PacketAnalyzer {
    /// Zeek's name for the analyzer, which its dpd.sig signatures enable.
    public static let analyzerName = "http"
    /// Zeek's `HTTP::ports` (scripts/base/protocols/http/main.zeek).
    static let ports: [UInt16] = [80, 81, 631, 1080, 3128, 8000, 8080, 8888]
    public static let interest = AnalyzerInterest(tcpPorts: ports)
    public static let logs = [HTTPLog.http]

    private let context: LogContext
    private var sessions: [ConnectionReference: HTTPSession] = [:]
    /// `--state`: sessions keep what a body carried into the next slice needs.
    private let carriesState: Bool
    /// The rules read HTTP buffers: sessions keep them (`HTTPInspectionRecord`).
    private let keepsSignatureBuffers: Bool
    /// Transactions that progressed on the packet being handled, with their
    /// connection's serial, for the signature engine (`takeInspections`).
    private var progressed: [(serial: UInt64, transaction: HTTPTransaction)] = []
    private var rows: LogRowBuffer
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) {
        context = environment.context
        carriesState = environment.carriesState
        keepsSignatureBuffers = environment.keepsSignatureBuffers
        rows = LogRowBuffer(schema: HTTPLog.http.schema(for: context.format), format: context.format)
    }

    /// Zeek's HTTP analyzer reads nothing of a connection first seen past its handshake.
    public func streamData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, connection: inout ConnectionView) {
        guard !connection.isPartial, let session = session(for: connection) else { return }
        session.now = connection.time
        session.l2 = (connection.origL2Address, connection.respL2Address)
        session.deliver(bytes, isOrig: isOrig)
        settle(session, connection: &connection)
    }

    public func streamGap(length: UInt64, isOrig: Bool, connection: ConnectionView) {
        guard let session = sessions[connection.reference] else { return }
        session.now = connection.time
        session.gap(length: length, isOrig: isOrig)
        var view = connection
        settle(session, connection: &view)
    }

    public func connectionEnded(_ connection: ConnectionView) {
        guard let session = sessions.removeValue(forKey: connection.reference) else { return }
        session.now = connection.time
        session.l2 = (connection.origL2Address, connection.respL2Address)
        session.finish()
        var view = connection
        settle(session, connection: &view)
    }

    /// A session continues in the next slice, unless a compressed body is
    /// under way (see `HTTPSession+Carry`).
    public func carry(_ connection: ConnectionView, into writer: inout StateWriter) -> Bool {
        guard let session = sessions[connection.reference] else { return true }
        guard session.isCarriable else { return false }
        sessions[connection.reference] = nil
        session.carry(into: &writer)
        return true
    }

    public func resume(_ connection: ConnectionView, from reader: inout StateReader) throws {
        guard !reader.isAtEnd else { return }
        let session = HTTPSession(keepsCompressedInput: carriesState, keepsSignatureBuffers: keepsSignatureBuffers)
        try session.resume(from: &reader)
        sessions[connection.reference] = session
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        swap(&logs[0], &rows)
    }

    /// The transactions of connection `serial` that progressed (headers or a
    /// message completed, a body reached its inspect size) since the last
    /// call, in order. What other connections left (they ended between
    /// packets) is dropped: there is no packet of theirs to alert on.
    public func takeInspections(serial: UInt64) -> [HTTPTransaction] {
        guard !progressed.isEmpty else { return [] }
        defer { progressed.removeAll(keepingCapacity: true) }
        return progressed.compactMap { $0.serial == serial ? $0.transaction : nil }
    }

    /// The connection's session, made on its first data. Zeek registers its
    /// analyzer for responder ports, so a connection the framework attached by
    /// its originator's HTTP port is left alone; one attached by content
    /// (neither port an HTTP port) is read.
    private func session(for connection: ConnectionView) -> HTTPSession? {
        if let session = sessions[connection.reference] { return session }
        guard Self.ports.contains(connection.respPort) || !Self.ports.contains(connection.origPort) else { return nil }
        let session = HTTPSession(keepsCompressedInput: carriesState, keepsSignatureBuffers: keepsSignatureBuffers)
        sessions[connection.reference] = session
        return session
    }

    /// Passes on what the session concluded and writes the pairs it finished.
    private func settle(_ session: HTTPSession, connection: inout ConnectionView) {
        if session.violated {
            connection.withdraw(.http)
        } else if session.confirmed {
            connection.confirm(.http)
        }
        anomalies.add(session.anomalies)
        session.anomalies = AnomalyCounts()
        if keepsSignatureBuffers {
            for transaction in session.table.takeProgressed() {
                progressed.append((connection.reference.serial, transaction))
            }
        }
        let written = session.table.takeWritten()
        guard !written.isEmpty else { return }
        let endpoints = HTTPEndpoints(connection)
        let uid = HTTPRowUID(connection.reference, context: context)
        for transaction in written {
            rows.row(at: transaction.time) { row in
                row.httpRow(transaction, endpoints: endpoints, uid: uid, osect: context.isOsect)
            }
        }
    }
}

extension Service {
    /// Zeek's HTTP analyzer's name in conn.log.
    static let http = Service("http")
}

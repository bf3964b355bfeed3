/// One application protocol's analyzer within one shard: its parser state, its
/// aggregation tables and the rows it produced.
///
/// Every shard owns one instance of every analyzer kind, and a shard is worked
/// by one thread at a time, so an instance never needs a lock. The dispatcher
/// (`AnalyzerDispatch`) routes packets to an analyzer by what it declared in
/// `interest`, as Zeek's analyzer manager maps ports and EtherTypes to
/// analyzers; adding a protocol means one new analyzer type and one line in
/// `AnalyzerRegistry`, and touches no other analyzer.
///
/// Every hook has an empty default: an analyzer implements the ones its
/// `interest` asks for.
public protocol PacketAnalyzer: AnyObject, SendableMetatype {
    /// Which packets the dispatcher gives this analyzer.
    static var interest: AnalyzerInterest { get }
    /// The logs it writes, in the order they are listed in the manifest. Every
    /// file exists in every output directory, even when it has no rows.
    static var logs: [LogDescription] { get }

    /// Zeek's name for the analyzer, as its content signatures `enable` it
    /// ("http"): a signature match attaches the analyzer on any port. Empty
    /// (the default) for an analyzer attached only by its `interest`.
    static var analyzerName: String { get }
    /// A session check Zeek's analyzer runs on its UDP connections (DNS's
    /// `dns_session_timeout`), armed when the analyzer is attached by the
    /// responder port; nil (the default) for none.
    static var udpSessionExpiry: SessionExpiry? { get }
    /// Violations the analyzer survives on a connection before it confirmed
    /// the protocol: 0 (the default) for Zeek's built-in analyzers, which are
    /// detached at the first; Spicy analyzers survive five.
    static var violationsBeforeConfirmation: Int { get }

    init(environment: AnalyzerEnvironment)

    /// A UDP datagram's captured payload, for a datagram to or from one of
    /// `interest.udpPorts` or on a connection content detection attached the
    /// analyzer to; `isOrig` says whether the originator sent it.
    func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool, connection: inout ConnectionView)
    /// In-order payload of a TCP connection to one of `interest.tcpPorts`, or
    /// one content detection attached the analyzer to (from the stream's start).
    func streamData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, connection: inout ConnectionView)
    /// `length` bytes of a direction were never seen (the stream resumes after them).
    func streamGap(length: UInt64, isOrig: Bool, connection: ConnectionView)
    /// `streamData` on the instance at `instance`, which the caller keeps
    /// alive: called through the kind, so delivering a chunk neither retains
    /// nor releases the analyzer (a stream sink does it for every chunk).
    static func streamData(of instance: UnsafeRawPointer, _ bytes: UnsafeRawBufferPointer, isOrig: Bool,
                           connection: inout ConnectionView)
    /// `streamGap` on the instance at `instance`, as `streamData(of:_:isOrig:connection:)`.
    static func streamGap(of instance: UnsafeRawPointer, length: UInt64, isOrig: Bool, connection: ConnectionView)
    /// The connection left the table (ended, timed out, or the slice ended).
    func connectionEnded(_ connection: ConnectionView)
    /// The slice ends with the connection open and carried to the next slice
    /// (`--state`): writes what the analyzer keeps about it and forgets it.
    /// Returns false (the default) for an analyzer that carries nothing: it
    /// hears `connectionEnded` instead, and on a TCP connection reads no more
    /// of the stream, since it would resume in the middle of a message.
    func carry(_ connection: ConnectionView, into writer: inout StateWriter) -> Bool
    /// Takes back what `carry` wrote, for the connection the next slice knows
    /// as `connection.reference`.
    func resume(_ connection: ConnectionView, from reader: inout StateReader) throws
    /// The slice ends with `--state`: hands over, and forgets, the flows the
    /// analyzer keeps apart from connections (YAF's), each with the flow key
    /// whose shard sees its packets. None by default.
    func carryFlows() -> [(key: FlowKey, state: StateWriter)]
    /// Takes back one flow `carryFlows` handed over, in the shard of its key.
    func resumeFlow(from reader: inout StateReader) throws
    /// A whole IP packet matching `interest`'s packet filters (TCP handshakes,
    /// ICMPv6 types, transports the flow engine does not know).
    func ipPacket(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer, connection: ConnectionView)
    /// A frame without IP whose EtherType is one of `interest.etherTypes`;
    /// `packet.networkOffset` is where the EtherType's payload starts.
    func linkFrame(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer)
    /// The slice ended: flush open state (half-parsed PDUs, sessions) into rows.
    func finish()
    /// Called on shard 0's instance with the other shards' instances (in shard
    /// order) when every shard is idle: after each chunk, and once more after
    /// `finish()` with `sliceEnded` set. Takes over the state that must be
    /// merged across shards (aggregated logs, see `ShardedAggregation`).
    func absorb(_ others: [Self], sliceEnded: Bool)
    /// Encodes the rows of this shard into `logs` (one buffer per entry of `Self.logs`).
    func emit(into logs: inout [LogRowBuffer], context: LogContext)
    /// For an analyzer that encodes rows as it goes: calls `body` with the
    /// index in `Self.logs` and the buffer of each such log, the buffer that
    /// `emit` hands over at the end, so the writer can start on the rows
    /// while later chunks are analysed.
    func withLiveRows(_ body: (Int, inout LogRowBuffer) -> Void)
    /// Records this analyzer skipped, by reason (`s7comm.tpkt_too_short`...): the
    /// manifest's account of malformed input.
    var anomalies: AnomalyCounts { get }
}

extension PacketAnalyzer {
    public static var analyzerName: String { "" }
    public static var udpSessionExpiry: SessionExpiry? { nil }
    public static var violationsBeforeConfirmation: Int { 0 }
    public func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool,
                         connection: inout ConnectionView) {}
    public func streamData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, connection: inout ConnectionView) {}
    public func streamGap(length: UInt64, isOrig: Bool, connection: ConnectionView) {}
    public static func streamData(of instance: UnsafeRawPointer, _ bytes: UnsafeRawBufferPointer, isOrig: Bool,
                                  connection: inout ConnectionView) {
        Unmanaged<Self>.fromOpaque(instance)._withUnsafeGuaranteedRef {
            $0.streamData(bytes, isOrig: isOrig, connection: &connection)
        }
    }
    public static func streamGap(of instance: UnsafeRawPointer, length: UInt64, isOrig: Bool,
                                 connection: ConnectionView) {
        Unmanaged<Self>.fromOpaque(instance)._withUnsafeGuaranteedRef {
            $0.streamGap(length: length, isOrig: isOrig, connection: connection)
        }
    }
    public func connectionEnded(_ connection: ConnectionView) {}
    public func carry(_ connection: ConnectionView, into writer: inout StateWriter) -> Bool { false }
    public func resume(_ connection: ConnectionView, from reader: inout StateReader) throws {}
    public func carryFlows() -> [(key: FlowKey, state: StateWriter)] { [] }
    public func resumeFlow(from reader: inout StateReader) throws {}
    public func ipPacket(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer, connection: ConnectionView) {}
    public func linkFrame(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer) {}
    public func finish() {}
    public func absorb(_ others: [Self], sliceEnded: Bool) {}
    public func withLiveRows(_ body: (Int, inout LogRowBuffer) -> Void) {}
}

/// A session check on a UDP connection, as Zeek's DNS analyzer's
/// `ExpireTimer`: every `interval` seconds from the start, the connection is
/// removed once it has been idle for at least `idle` seconds.
public struct SessionExpiry: Sendable, Equatable {
    public let interval: Int64
    public let idle: Int64

    public init(interval: Int64, idle: Int64) {
        self.interval = interval
        self.idle = idle
    }
}

/// What an analyzer asks the dispatcher for.
public struct AnalyzerInterest: Sendable {
    /// UDP datagrams with either port in this list.
    public var udpPorts: [UInt16] = []
    /// TCP connections whose responder (or, failing that, originator) port is in
    /// this list get their reassembled payload delivered.
    public var tcpPorts: [UInt16] = []
    /// Frames without IP carrying one of these EtherTypes.
    public var etherTypes: [UInt16] = []
    /// Every TCP segment with SYN set (SYN and SYN+ACK), as a whole packet.
    public var tcpHandshakes = false
    /// ICMPv6 messages of these types, as whole packets.
    public var icmpv6Types: [UInt8] = []
    /// IP packets whose protocol is not TCP, UDP, ICMP or ICMPv6.
    public var otherTransports = false

    public init(udpPorts: [UInt16] = [], tcpPorts: [UInt16] = [], etherTypes: [UInt16] = [],
                tcpHandshakes: Bool = false, icmpv6Types: [UInt8] = [], otherTransports: Bool = false) {
        self.udpPorts = udpPorts
        self.tcpPorts = tcpPorts
        self.etherTypes = etherTypes
        self.tcpHandshakes = tcpHandshakes
        self.icmpv6Types = icmpv6Types
        self.otherTransports = otherTransports
    }
}

/// Settings analyzers read, fixed for the whole slice.
public struct AnalyzerEnvironment: Sendable {
    public var format: LogFormat
    /// How rows are encoded, with the slice's uid seed: an analyzer that writes
    /// rows as it goes (one per PDU) encodes them with it at once.
    public var context = LogContext(sliceSeed: 0, format: .zeekTSV, localNetworks: LocalNetworks(networks: nil))
    /// The position of the packet the shard is processing (one per shard, set
    /// by the framework): aggregated logs order events across shards by it.
    public var cursor = CaptureCursor()
    /// p0f's fingerprint database (`--p0f-db`), parsed once per slice and
    /// shared read-only by every shard; empty when the file is missing.
    public var p0fDatabase: P0fDatabase
    /// Whether analyzers of OT protocols write the values read from and
    /// written to PLCs, or only their type and length.
    public var processValues = ProcessValues.keep
    /// Whether open state is carried into the next slice (`--state`): an
    /// analyzer keeps what it needs for that only then.
    public var carriesState = false
    /// Whether the loaded rules read HTTP buffers: the HTTP analyzer then
    /// keeps what Zeek does not need (bodies, status lines) for the
    /// signature engine. Off, it costs nothing.
    public var keepsSignatureBuffers = false

    public init(format: LogFormat = .zeekTSV, p0fDatabase: P0fDatabase = .empty) {
        self.format = format
        self.p0fDatabase = p0fDatabase
    }
}

/// Counts of skipped records by reason.
public struct AnomalyCounts: Sendable, Equatable {
    public private(set) var counts: [String: Int] = [:]

    public init() {}

    public mutating func record(_ reason: String) { counts[reason, default: 0] += 1 }

    mutating func add(_ other: AnomalyCounts) {
        for (reason, count) in other.counts { counts[reason, default: 0] += count }
    }

    func adding(_ other: AnomalyCounts) -> AnomalyCounts {
        var sum = self
        sum.add(other)
        return sum
    }
}

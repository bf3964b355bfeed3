/// One shard's instances of every analyzer, and the routing of that shard's
/// packets to them. Owned by the shard's `ConnectionTable`; touched by one
/// thread at a time.
public final class AnalyzerSet: @unchecked Sendable {
    let dispatch: AnalyzerDispatch
    let analyzers: [any PacketAnalyzer]
    /// Each analyzer's kind and unretained address, for stream sinks: plain
    /// values, so making a sink per packet retains nothing.
    private let streamTargets: [AnalyzerStreamSink.Target]
    let shard: Int
    /// The logs of all analyzers together: the row runs taken after every chunk.
    private let logCount: Int

    public init(dispatch: AnalyzerDispatch, environment: AnalyzerEnvironment, shard: Int) {
        self.dispatch = dispatch
        var environment = environment
        environment.shard = shard
        self.analyzers = dispatch.kinds.map { [environment] in $0.init(environment: environment) }
        streamTargets = analyzers.map(AnalyzerStreamSink.Target.init)
        self.shard = shard
        logCount = dispatch.kinds.reduce(0) { $0 + $1.logs.count }
    }

    /// A set with no analyzers: the flow engine alone.
    public convenience init(shard: Int) {
        self.init(dispatch: .none, environment: AnalyzerEnvironment(), shard: shard)
    }

    /// The instance of the analyzer kind at `index` in the dispatch's kinds.
    public func analyzer(at index: Int) -> any PacketAnalyzer { analyzers[index] }

    /// Chooses what a new TCP or UDP connection is bound to, by port: a TCP
    /// connection's stream analyzer, a UDP connection's analyzer group.
    func attach(_ connection: inout Connection) {
        let index: Int?
        switch connection.transport {
        case .tcp: index = dispatch.tcpAnalyzer(respPort: connection.respPort, origPort: connection.origPort)
        case .udp: index = dispatch.udpGroup(respPort: connection.respPort, origPort: connection.origPort)
        case .icmp, .unknown: index = nil
        }
        if let index { connection.analyzer = UInt8(index + 1) }
    }

    /// The sink that carries a bound TCP connection's reassembled payload to its analyzer.
    func streamSink(for connection: Connection, time: Timestamp) -> AnalyzerStreamSink {
        AnalyzerStreamSink(target: streamTargets[Int(connection.analyzer) - 1],
                           view: ConnectionView(connection, shard: shard, time: time))
    }

    /// Gives a packet, after the flow engine processed it, to the analyzers
    /// that asked for it. The common path (no analyzer wants the packet) is a
    /// switch and a compare.
    func inspect(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer, connection: inout Connection) {
        switch packet.ipProtocol {
        case 17:
            guard connection.analyzer != 0, packet.transportChecksumValid else { return }
            let captured = packet.capturedPayloadLength
            let payload = UnsafeRawBufferPointer(rebasing: bytes[packet.payloadOffset..<(packet.payloadOffset + captured)])
            var view = ConnectionView(connection, shard: shard, time: packet.timestamp)
            let isOrig = connection.isFromOriginator(packet.source, packet.sourcePort)
            for index in dispatch.udpGroups[Int(connection.analyzer) - 1] {
                analyzers[index].datagram(payload, packet: packet, isOrig: isOrig, connection: &view)
            }
            connection.apply(view)
        case 6:
            guard packet.tcpFlags.contains(.syn), !dispatch.handshakeAnalyzers.isEmpty else { return }
            let view = ConnectionView(connection, shard: shard, time: packet.timestamp)
            for index in dispatch.handshakeAnalyzers { analyzers[index].ipPacket(packet, bytes: bytes, connection: view) }
        case 1:
            return
        case 58:
            guard let interested = dispatch.icmpv6Analyzers[packet.icmpType] else { return }
            let view = ConnectionView(connection, shard: shard, time: packet.timestamp)
            for index in interested { analyzers[index].ipPacket(packet, bytes: bytes, connection: view) }
        default:
            guard !dispatch.otherTransportAnalyzers.isEmpty else { return }
            let view = ConnectionView(connection, shard: shard, time: packet.timestamp)
            for index in dispatch.otherTransportAnalyzers { analyzers[index].ipPacket(packet, bytes: bytes, connection: view) }
        }
    }

    /// A bound connection left the table.
    func ended(_ connection: Connection) {
        guard connection.analyzer != 0 else { return }
        let bound = Int(connection.analyzer) - 1
        let view = ConnectionView(connection, shard: shard, time: connection.lastTime)
        if connection.transport == .udp {
            for index in dispatch.udpGroups[bound] { analyzers[index].connectionEnded(view) }
        } else {
            analyzers[bound].connectionEnded(view)
        }
    }

    func linkFrame(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer) {
        guard let index = dispatch.linkAnalyzer(etherType: packet.etherType) else { return }
        analyzers[index].linkFrame(packet, bytes: bytes)
    }

    func finish() {
        for analyzer in analyzers { analyzer.finish() }
    }

    /// Folds the other shards' state into this set's analyzers (aggregation
    /// tables), in shard order.
    func absorb(_ others: [AnalyzerSet]) {
        for (k, analyzer) in analyzers.enumerated() {
            Self.absorb(into: analyzer, others.map { $0.analyzers[k] })
        }
    }

    private static func absorb<A: PacketAnalyzer>(into analyzer: A, _ others: [any PacketAnalyzer]) {
        for other in others { analyzer.absorb(other as! A) }
    }

    /// This shard's rows of every log, in `AnalyzerRegistry.logs` order.
    func emit(context: LogContext) -> [LogRowBuffer] {
        var all: [LogRowBuffer] = []
        for analyzer in analyzers {
            let kind = type(of: analyzer)
            var buffers = kind.logs.map { LogRowBuffer(schema: $0.schema(for: context.format), format: context.format) }
            analyzer.emit(into: &buffers, context: context)
            for i in buffers.indices { buffers[i].storePendingRows() }
            all.append(contentsOf: buffers)
        }
        return all
    }

    /// The rows analyzers encoded since the last call, by log in `emit`'s order;
    /// empty for logs encoded only at the end.
    func takeLiveRows(_ retention: RowRetention) -> [RowRun] {
        var runs: [RowRun] = []
        runs.reserveCapacity(logCount)
        for analyzer in analyzers {
            let first = runs.count
            runs.append(contentsOf: repeatElement(RowRun(), count: type(of: analyzer).logs.count))
            analyzer.withLiveRows { index, buffer in runs[first + index] = buffer.takeNewRows(retention) }
        }
        return runs
    }

    var anomalies: AnomalyCounts {
        var total = AnomalyCounts()
        for analyzer in analyzers { total.add(analyzer.anomalies) }
        return total
    }
}

extension AnalyzerDispatch {
    /// No analyzers at all.
    static let none = AnalyzerDispatch(kinds: [])
}

/// Carries one TCP connection's reassembled payload and gaps to its analyzer.
///
/// It reaches the analyzer through its kind and address, which the shard's
/// `AnalyzerSet` keeps alive for the whole slice: a sink lives for one packet,
/// and S7 polling delivers millions of chunks, none of which then retains and
/// releases the analyzer.
struct AnalyzerStreamSink: StreamSink {
    struct Target {
        let kind: any PacketAnalyzer.Type
        let instance: UnsafeRawPointer

        /// `analyzer`'s kind and address, unretained: its `AnalyzerSet` owns it.
        init(_ analyzer: any PacketAnalyzer) {
            kind = type(of: analyzer)
            instance = UnsafeRawPointer(Unmanaged.passUnretained(analyzer as AnyObject).toOpaque())
        }
    }

    let target: Target
    var view: ConnectionView

    mutating func deliver(_ bytes: UnsafeRawBufferPointer, sequence: UInt64, isOrig: Bool) {
        target.kind.streamData(of: target.instance, bytes, isOrig: isOrig, connection: &view)
    }

    mutating func gap(sequence: UInt64, length: UInt64, isOrig: Bool) {
        target.kind.streamGap(of: target.instance, length: length, isOrig: isOrig, connection: view)
    }
}

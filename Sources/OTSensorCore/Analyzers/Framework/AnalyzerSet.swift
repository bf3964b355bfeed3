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
    /// The position of the packet the shard is processing, which the analyzers read.
    let cursor: CaptureCursor
    /// The logs of all analyzers together: the row runs taken after every chunk.
    private let logCount: Int
    /// The recognisers attached to open connections, and their services.
    var recognizers: RecognizerSlots
    /// Content detection: the matcher, the first payload of each connection
    /// it watches, and buffers kept for reuse.
    private var matcher: DPDMatcher
    var detection: [UInt64: DPDBuffer] = [:]
    private var spareBuffers: [DPDBuffer] = []
    var verdicts: ProtocolVerdicts
    /// What the framework itself counted: detached analyzers, recognisers' violations.
    var frameworkAnomalies = AnomalyCounts()

    public init(dispatch: AnalyzerDispatch, environment: AnalyzerEnvironment, shard: Int) {
        self.dispatch = dispatch
        var environment = environment
        environment.cursor = CaptureCursor()
        cursor = environment.cursor
        self.analyzers = dispatch.kinds.map { [environment] in $0.init(environment: environment) }
        streamTargets = analyzers.map(AnalyzerStreamSink.Target.init)
        self.shard = shard
        logCount = dispatch.kinds.reduce(0) { $0 + $1.logs.count }
        recognizers = RecognizerSlots(dispatch: dispatch)
        matcher = DPDMatcher(dispatch.signatures)
        verdicts = ProtocolVerdicts(dispatch: dispatch)
    }

    /// A set with no analyzers: the flow engine alone.
    public convenience init(shard: Int) {
        self.init(dispatch: .none, environment: AnalyzerEnvironment(), shard: shard)
    }

    /// The instance of the analyzer kind at `index` in the dispatch's kinds.
    public func analyzer(at index: Int) -> any PacketAnalyzer { analyzers[index] }

    /// The shard's HTTP analyzer, if the dispatch has one (the signature
    /// engine reads its transactions).
    var httpAnalyzer: HTTPAnalyzer? { analyzers.lazy.compactMap { $0 as? HTTPAnalyzer }.first }

    /// The ClientHello the TLS recogniser of connection `serial` confirmed on.
    func tlsClientHello(serial: UInt64) -> TLSClientHello? {
        recognizers.recognizer(TLSRecognizer.self, serial: serial)?.clientHello
    }

    /// Attaches to a new TCP or UDP connection the analyzers and recognisers
    /// of its ports, arms their timers, and starts content detection. As in
    /// Zeek, detection runs beside the port's analyzers too: HTTP on the SSH
    /// port, or TLS on the Modbus port, is found by its bytes.
    func attach(_ connection: inout Connection) {
        let (slots, byResponder) = dispatch.portSlots(transport: connection.transport,
                                                      respPort: connection.respPort, origPort: connection.origPort)
        connection.slots = slots
        if byResponder && connection.transport == .udp {
            if let armed = dispatch.udpExpiries.first(where: { $0.slots & slots != 0 }) {
                connection.armSessionExpiry(armed.expiry)
            }
        }
        recognizers.attach(slots, serial: connection.serial)
        connection.detecting = (connection.transport == .tcp ? dispatch.signatures.readsTCP
                : connection.transport == .udp && dispatch.signatures.readsUDP)
    }

    /// The sink that carries a TCP connection's reassembled payload to its
    /// analyzers, recognisers and content detection while `packet` is handled.
    func streamSink(for connection: Connection, packet: PacketInfo) -> AnalyzerStreamSink {
        var view = ConnectionView(connection, shard: shard, time: packet.timestamp)
        view.isPartial = connection.isPartial(after: packet.tcpFlags,
                                              isOrig: connection.isFromOriginator(packet.source, packet.sourcePort))
        return AnalyzerStreamSink(set: self, view: view, serial: connection.serial)
    }

    /// Whether a TCP connection's payload goes anywhere.
    func wantsStream(_ connection: Connection) -> Bool { connection.slots != 0 || connection.detecting }

    /// Applies what a packet's analyzers concluded (see `ProtocolVerdicts`).
    func settle(_ view: ConnectionView, into connection: inout Connection) {
        verdicts.settle(view, into: &connection, anomalies: &frameworkAnomalies)
    }

    /// One in-order piece of a TCP stream: detection first (a match attaches
    /// and replays), then every attached slot.
    fileprivate func deliverStream(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, serial: UInt64,
                                   view: inout ConnectionView) {
        if view.detecting { detect(bytes, isOrig: isOrig, serial: serial, ipProtocol: 6, view: &view) { _, _, _ in } }
        forEachSlot(of: view) { slot in deliverStream(bytes, isOrig: isOrig, to: slot, serial: serial, view: &view) }
    }

    /// A gap ends detection: the signatures are anchored at the stream's start.
    fileprivate func deliverGap(length: UInt64, isOrig: Bool, serial: UInt64, view: inout ConnectionView) {
        if view.detecting {
            view.detecting = false
            stopDetecting(serial)
        }
        forEachSlot(of: view) { slot in
            view.callingSlot = 1 << UInt64(slot)
            if slot < analyzers.count {
                let target = streamTargets[slot]
                target.kind.streamGap(of: target.instance, length: length, isOrig: isOrig, connection: view)
            } else {
                recognizers.gap(length: length, isOrig: isOrig, slot: slot, serial: serial, view: &view,
                                anomalies: &frameworkAnomalies)
            }
        }
    }

    private func deliverStream(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, to slot: Int, serial: UInt64,
                               view: inout ConnectionView) {
        view.callingSlot = 1 << UInt64(slot)
        if slot < analyzers.count {
            let target = streamTargets[slot]
            target.kind.streamData(of: target.instance, bytes, isOrig: isOrig, connection: &view)
        } else {
            recognizers.feed(bytes, isOrig: isOrig, slot: slot, serial: serial, view: &view,
                             anomalies: &frameworkAnomalies)
        }
    }

    /// Calls `body` with each slot attached at the call and not retired since.
    private func forEachSlot(of view: ConnectionView, _ body: (Int) -> Void) {
        var slots = view.slots & ~view.retiredSlots
        while slots != 0 {
            let slot = slots.trailingZeroBitCount
            slots &= slots - 1
            body(slot)
        }
    }

    /// Matches a chunk against the signatures; the slots a match attaches get
    /// the kept chunks replayed (through `replay` for datagrams), then the
    /// chunk is kept while the buffer is within its bounds.
    private func detect(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, serial: UInt64, ipProtocol: UInt8,
                        view: inout ConnectionView,
                        replay: (UnsafeRawBufferPointer, Bool, inout ConnectionView) -> Void) {
        guard !bytes.isEmpty else { return }
        var buffer = detection.removeValue(forKey: serial) ?? spareBuffers.popLast() ?? DPDBuffer()
        let keeps = buffer.count(bytes.count)
        let attach = matcher.match(bytes, isOrig: isOrig, ipProtocol: ipProtocol, buffer: &buffer)
            & ~(view.slots | view.retiredSlots)
        if attach != 0 {
            recognizers.attach(attach, serial: serial)
            var slots = attach
            while slots != 0 {
                let slot = slots.trailingZeroBitCount
                slots &= slots - 1
                buffer.replay { kept, keptIsOrig in
                    if ipProtocol == 6 {
                        deliverStream(kept, isOrig: keptIsOrig, to: slot, serial: serial, view: &view)
                    } else {
                        view.callingSlot = 1 << UInt64(slot)
                        replay(kept, keptIsOrig, &view)
                    }
                }
            }
            view.slots |= attach
        }
        if keeps {
            buffer.keep(bytes, isOrig: isOrig)
            detection[serial] = buffer
        } else {
            view.detecting = false
            buffer.reset()
            spareBuffers.append(buffer)
        }
    }

    func stopDetecting(_ serial: UInt64) {
        guard var buffer = detection.removeValue(forKey: serial) else { return }
        buffer.reset()
        spareBuffers.append(buffer)
    }

    /// Gives a packet, after the flow engine processed it, to the analyzers
    /// that asked for it. The common path (no analyzer wants the packet) is a
    /// switch and a compare.
    func inspect(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer, connection: inout Connection) {
        switch packet.ipProtocol {
        case 17:
            guard connection.slots != 0 || connection.detecting, packet.transportChecksumValid else { return }
            let captured = packet.capturedPayloadLength
            let payload = UnsafeRawBufferPointer(rebasing: bytes[packet.payloadOffset..<(packet.payloadOffset + captured)])
            var view = ConnectionView(connection, shard: shard, time: packet.timestamp)
            let isOrig = connection.isFromOriginator(packet.source, packet.sourcePort)
            let serial = connection.serial
            if view.detecting {
                detect(payload, isOrig: isOrig, serial: serial, ipProtocol: 17, view: &view) { kept, keptIsOrig, view in
                    deliverDatagram(kept, packet: packet, isOrig: keptIsOrig, serial: serial, view: &view)
                }
            }
            forEachSlot(of: view) { slot in
                view.callingSlot = 1 << UInt64(slot)
                deliverDatagram(payload, packet: packet, isOrig: isOrig, serial: serial, view: &view)
            }
            settle(view, into: &connection)
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

    /// One datagram to the slot `view.callingSlot` names.
    private func deliverDatagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool, serial: UInt64,
                                 view: inout ConnectionView) {
        let slot = view.callingSlot.trailingZeroBitCount
        if slot < analyzers.count {
            analyzers[slot].datagram(payload, packet: packet, isOrig: isOrig, connection: &view)
        } else {
            recognizers.feed(payload, isOrig: isOrig, slot: slot, serial: serial, view: &view,
                             anomalies: &frameworkAnomalies)
        }
    }

    /// A connection left the table: every analyzer that was attached to it
    /// hears so, and its recognisers and detection buffer are dropped.
    func ended(_ connection: Connection) {
        var slots = (connection.slots | connection.retiredSlots) & dispatch.analyzerSlots
        if slots != 0 {
            let view = ConnectionView(connection, shard: shard, time: connection.lastTime)
            while slots != 0 {
                let slot = slots.trailingZeroBitCount
                slots &= slots - 1
                analyzers[slot].connectionEnded(view)
            }
        }
        recognizers.detach(serial: connection.serial, slots: connection.slots)
        if connection.detecting { stopDetecting(connection.serial) }
        verdicts.forget(connection)
    }

    func linkFrame(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer) {
        guard let index = dispatch.linkAnalyzer(etherType: packet.etherType) else { return }
        analyzers[index].linkFrame(packet, bytes: bytes)
    }

    func finish() {
        for analyzer in analyzers { analyzer.finish() }
    }

    /// Folds the other shards' state into this set's analyzers (aggregated
    /// logs), in shard order; every shard is idle.
    func absorb(_ others: [AnalyzerSet], sliceEnded: Bool) {
        for (k, analyzer) in analyzers.enumerated() {
            Self.absorb(into: analyzer, others.map { $0.analyzers[k] }, sliceEnded: sliceEnded)
        }
    }

    private static func absorb<A: PacketAnalyzer>(into analyzer: A, _ others: [any PacketAnalyzer], sliceEnded: Bool) {
        analyzer.absorb(others.map { $0 as! A }, sliceEnded: sliceEnded)
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
        var total = frameworkAnomalies
        for analyzer in analyzers { total.add(analyzer.anomalies) }
        return total
    }
}

extension AnalyzerDispatch {
    /// No analyzers at all.
    static let none = try! AnalyzerDispatch(kinds: [])
}

/// Carries one TCP connection's reassembled payload and gaps to its
/// analyzers, recognisers and content detection.
///
/// It reaches the analyzers through their kinds and addresses, which the
/// shard's `AnalyzerSet` keeps alive for the whole slice: a sink lives for one
/// packet, and S7 polling delivers millions of chunks, none of which then
/// retains and releases an analyzer or the set.
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

    unowned(unsafe) let set: AnalyzerSet
    var view: ConnectionView
    let serial: UInt64

    mutating func deliver(_ bytes: UnsafeRawBufferPointer, sequence: UInt64, isOrig: Bool) {
        set.deliverStream(bytes, isOrig: isOrig, serial: serial, view: &view)
    }

    mutating func gap(sequence: UInt64, length: UInt64, isOrig: Bool) {
        set.deliverGap(length: length, isOrig: isOrig, serial: serial, view: &view)
    }
}

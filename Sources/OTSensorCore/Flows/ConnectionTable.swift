/// One shard's connections. A shard owns every connection whose flow hashes to
/// it, so shards run in parallel without sharing state.
public struct ConnectionTable: Sendable {
    public let shard: Int
    let configuration: FlowConfiguration
    /// The shard's application analyzers.
    let analyzers: AnalyzerSet
    /// The shard's rule matching (`--rules`), after the analyzers.
    let signatures: SignatureShard?
    private var index = ConnectionIndex()
    private var connections: [Connection] = []
    private var nextSerial: UInt64 = 0
    /// Connections that left the table, in the order they left.
    public private(set) var finished: [ConnRecord] = []

    public init(shard: Int, configuration: FlowConfiguration, analyzers: AnalyzerSet? = nil) {
        self.init(shard: shard, configuration: configuration, analyzers: analyzers, signatures: nil)
    }

    init(shard: Int, configuration: FlowConfiguration, analyzers: AnalyzerSet?, signatures: SignatureShard?) {
        self.shard = shard
        self.configuration = configuration
        self.analyzers = analyzers ?? AnalyzerSet(shard: shard)
        self.signatures = signatures
        signatures?.attach(self.analyzers)
    }

    public var openConnectionCount: Int { connections.count }

    /// Feeds one decoded packet to its connection, creating, expiring or
    /// replacing the connection as Zeek would, and then to the analyzers that
    /// want it; a frame without IP goes to the analyzer of its EtherType.
    public mutating func process(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer) {
        guard packet.ipVersion != 0 else {
            analyzers.linkFrame(packet, bytes: bytes)
            return
        }
        let (position, sourcePort) = connection(for: packet)
        let analyzers = self.analyzers
        // Through a pointer to the element: reading `connections[position]` to
        // build the analyzers' view would copy the whole connection per packet.
        withUnsafeMutablePointer(to: &connections[position]) { connection in
            let tcp = connection.pointee.transport == .tcp
            // The rules' raw streams take the payload beside the analyzers.
            let rules = tcp ? signatures.flatMap { $0.tracksStream(of: connection.pointee, packet: packet) ? $0 : nil } : nil
            if tcp && analyzers.wantsStream(connection.pointee) {
                var sink = analyzers.streamSink(for: connection.pointee, packet: packet)
                if let rules {
                    var both = SignatureStreamSink(inner: sink, shard: rules, serial: connection.pointee.serial)
                    connection.pointee.handle(packet, sourcePort: sourcePort, bytes: bytes, sink: &both)
                    sink = both.inner
                } else {
                    connection.pointee.handle(packet, sourcePort: sourcePort, bytes: bytes, sink: &sink)
                }
                analyzers.settle(sink.view, into: &connection.pointee)
            } else if let rules {
                var sink = SignatureStreamSink(inner: NullStreamSink(), shard: rules, serial: connection.pointee.serial)
                connection.pointee.handle(packet, sourcePort: sourcePort, bytes: bytes, sink: &sink)
            } else {
                var sink = NullStreamSink()
                connection.pointee.handle(packet, sourcePort: sourcePort, bytes: bytes, sink: &sink)
            }
            analyzers.inspect(packet, bytes: bytes, connection: &connection.pointee)
            signatures?.inspect(packet, bytes: bytes, connection: connection.pointee)
        }
    }

    /// Feeds one IP packet to its connection with payload going to `sink`
    /// instead of the analyzers (tests of reassembly use it).
    public mutating func process<Sink: StreamSink>(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer,
                                                   sink: inout Sink) {
        let (position, sourcePort) = connection(for: packet)
        connections[position].handle(packet, sourcePort: sourcePort, bytes: bytes, sink: &sink)
    }

    /// The table position of the packet's connection, created (or replaced) as
    /// needed, and the packet's source port as the flow engine sees it.
    private mutating func connection(for packet: PacketInfo) -> (position: Int, sourcePort: UInt16) {
        let ports = FlowPorts(packet)
        let key = ports.key(for: packet), hash = key.stableHash
        var slot = index.find(hash) { connections[$0].key == key }
        if let existing = slot {
            if let expired = connections[existing].expiry(by: packet.timestamp) {
                remove(at: existing, time: expired)
                slot = nil
            } else if packet.ipProtocol == 6 && connections[existing].isReuse(packet) {
                remove(at: existing, time: packet.timestamp)
                slot = nil
            }
        }
        if let existing = slot {
            if configuration.pollsLongConnections {
                connections[existing].poll(upTo: packet.timestamp, shard: shard, into: &finished)
            }
            return (existing, ports.source)
        }
        var connection = Connection(packet: packet, ports: ports, key: key, serial: nextSerial)
        nextSerial += 1
        if configuration.shouldFlip(packet, ports: ports) { connection.flipRoles() }
        connection.armInitialTimers()
        if configuration.pollsLongConnections { connection.poll = ConnectionPoll(start: connection.startTime) }
        analyzers.attach(&connection)
        let position = connections.count
        connections.append(connection)
        index.insert(hash, position: position)
        return (position, ports.source)
    }

    /// Removes every connection whose timers expired by `now`; bounds memory
    /// by live flows rather than by capture length.
    public mutating func sweep(now: Timestamp) {
        var i = connections.count - 1
        while i >= 0 {
            if let expired = connections[i].expiry(by: now) { remove(at: i, time: expired) }
            i -= 1
        }
    }

    /// Ends every open connection, as Zeek does when its input ends.
    public mutating func finishAll() {
        for var connection in connections {
            analyzers.ended(connection)
            signatures?.connectionEnded(connection)
            connection.appendFinalRows(at: connection.lastTime, shard: shard, to: &finished)
        }
        analyzers.finish()
        connections.removeAll()
        index.removeAll()
    }

    /// Ends the slice for a stream with carried state: what timed out by `now`
    /// is finished; every other connection leaves the table for the state
    /// file, with the uid this slice gave it and its analyzers' state.
    mutating func carryOpen(now: Timestamp, sliceSeed: UInt64) -> [CarriedConnection] {
        sweep(now: now)
        var carried: [CarriedConnection] = []
        carried.reserveCapacity(connections.count)
        for var connection in connections {
            connection.poll(upTo: now, shard: shard, into: &finished)
            connection.carriedUID = ConnectionReference(key: connection.key, start: connection.startTime, shard: shard,
                                                        serial: connection.serial, carriedUID: connection.carriedUID)
                .uidWords(sliceSeed: sliceSeed)
            var writer = StateWriter(reservingCapacity: 512)
            analyzers.carry(&connection, into: &writer)
            signatures?.connectionCarried(connection)
            var state = StateWriter(reservingCapacity: 512 + writer.bytes.count)
            connection.carry(into: &state)
            state.put(writer.bytes)
            carried.append(CarriedConnection(record: ConnRecord(connection, shard: shard), state: state.bytes))
        }
        connections.removeAll()
        index.removeAll()
        return carried
    }

    /// The analyzers' flows kept apart from connections, for the state file.
    func carryFlows() -> [(key: FlowKey, record: [UInt8])] { analyzers.carryFlows() }

    /// Gives a carried flow back to the analyzer in `slot`.
    func adoptFlow(analyzer slot: Int, state: StateReader) { analyzers.resumeFlow(analyzer: slot, state: state) }

    /// Takes in a connection carried from the previous slice of the stream,
    /// before this slice's first packet; it gets the next creation serial.
    mutating func adopt(_ carried: Connection, analyzerState: StateReader) {
        var connection = carried
        connection.serial = nextSerial
        nextSerial += 1
        analyzers.resume(&connection, state: analyzerState)
        index.insert(connection.key.stableHash, position: connections.count)
        connections.append(connection)
    }

    /// Hands the finished records to the caller and forgets them.
    public mutating func takeFinished() -> [ConnRecord] {
        defer { finished = [] }
        return finished
    }

    /// Removes the connection at `position`, which left the table at `time`.
    private mutating func remove(at position: Int, time: Timestamp) {
        analyzers.ended(connections[position])
        signatures?.connectionEnded(connections[position])
        connections[position].appendFinalRows(at: time, shard: shard, to: &finished)
        index.remove(connections[position].key.stableHash, position: position)
        let last = connections.count - 1
        if position != last {
            index.move(connections[last].key.stableHash, from: last, to: position)
            connections.swapAt(position, last)
        }
        connections.removeLast()
    }
}

/// A sink for connections no application analyzer reads.
public struct NullStreamSink: StreamSink {
    public static var wantsPayload: Bool { false }
    public init() {}
    public mutating func deliver(_ bytes: UnsafeRawBufferPointer, sequence: UInt64, isOrig: Bool) {}
    public mutating func gap(sequence: UInt64, length: UInt64, isOrig: Bool) {}
}

/// One shard's connections. A shard owns every connection whose flow hashes to
/// it, so shards run in parallel without sharing state.
public struct ConnectionTable: Sendable {
    public let shard: Int
    let configuration: FlowConfiguration
    private var index: [FlowKey: Int] = [:]
    private var connections: [Connection] = []
    private var nextSerial: UInt64 = 0
    /// Connections that left the table, in the order they left.
    public private(set) var finished: [ConnRecord] = []

    public init(shard: Int, configuration: FlowConfiguration) {
        self.shard = shard
        self.configuration = configuration
    }

    public var openConnectionCount: Int { connections.count }

    /// Feeds one decoded IP packet to its connection, creating, expiring or
    /// replacing the connection as Zeek would.
    public mutating func process(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer) {
        var sink = NullStreamSink()
        process(packet, bytes: bytes, sink: &sink)
    }

    public mutating func process<Sink: StreamSink>(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer,
                                                   sink: inout Sink) {
        let ports = FlowPorts(packet)
        let key = ports.key(for: packet)
        var slot = index[key]
        if let existing = slot, connections[existing].isReplaced(by: packet) {
            remove(at: existing)
            slot = nil
        }
        let position: Int
        if let existing = slot {
            position = existing
        } else {
            var connection = Connection(packet: packet, ports: ports, key: key, serial: nextSerial)
            nextSerial += 1
            if configuration.shouldFlip(packet, ports: ports) { connection.flipRoles() }
            connection.armInitialTimers()
            position = connections.count
            connections.append(connection)
            index[key] = position
        }
        connections[position].handle(packet, sourcePort: ports.source, bytes: bytes, sink: &sink)
    }

    /// Removes every connection whose timers expired by `now`; bounds memory
    /// by live flows rather than by capture length.
    public mutating func sweep(now: Timestamp) {
        var i = connections.count - 1
        while i >= 0 {
            if connections[i].expire(by: now) { remove(at: i) }
            i -= 1
        }
    }

    /// Ends every open connection, as Zeek does when its input ends.
    public mutating func finishAll() {
        for connection in connections {
            finished.append(ConnRecord(connection, shard: shard))
        }
        connections.removeAll()
        index.removeAll()
    }

    /// Hands the finished records to the caller and forgets them.
    public mutating func takeFinished() -> [ConnRecord] {
        defer { finished = [] }
        return finished
    }

    private mutating func remove(at position: Int) {
        finished.append(ConnRecord(connections[position], shard: shard))
        index[connections[position].key] = nil
        let last = connections.count - 1
        if position != last {
            connections.swapAt(position, last)
            index[connections[position].key] = position
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

/// The handshakes p0f tracks (process.c `flow_dispatch`), reduced to what
/// decides which SYN+ACKs get a line: a SYN opens (or replaces) a flow, the
/// server's first SYN+ACK on it is fingerprinted.
///
/// p0f also drops a flow on FIN, RST or an early ACK; this analyzer sees
/// only SYN segments, so it applies p0f's other limits instead: flows older
/// than 30 s are gone, and at most `capacity` flows are kept per shard.
struct P0fFlowTable {
    struct Key: Hashable {
        var client: IPAddress
        var clientPort: UInt16
        var server: IPAddress
        var serverPort: UInt16

        /// One combine of a fixed mix instead of six field combines: every SYN
        /// looks its flow up in both directions.
        func hash(into hasher: inout Hasher) {
            let addresses = StableHash.mix(client.high ^ (client.low &* 31)) ^ (server.high &* 17) ^ server.low
            hasher.combine(StableHash.mix(addresses ^ (UInt64(clientPort) << 16 | UInt64(serverPort))))
        }
    }

    struct Flow {
        var created: Timestamp
        var clientSequence: UInt32
        /// The SYN's MSS: a SYN+ACK's window may be a multiple of it.
        var synMSS: UInt16
        /// p0f-k prints this MAC on the SYN+ACK line.
        var synDestinationMAC: MACAddress
        var acknowledged = false
        /// Opened by p0f's own `p0f-sendsyn` probe: neither line is logged.
        var isProbe: Bool
    }

    static let maximumAgeSeconds: Int64 = 30
    static let capacity = 1000

    private(set) var flows: [Key: Flow] = [:]
    /// Every inserted flow by age, oldest first, so that eviction need not
    /// sort the table. Entries of flows since removed stay until popped (or
    /// until the heap is rebuilt from the table): a popped entry counts only
    /// while the table still holds a flow of that key and creation time.
    private var ages = MinHeap<Age>(less: Age.precedes)

    /// The flow a packet from `source` to `destination` belongs to, and
    /// whether the packet goes to the server; expired flows are forgotten.
    mutating func lookup(source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16,
                         at time: Timestamp) -> (key: Key, flow: Flow, toServer: Bool)? {
        let forward = Key(client: source, clientPort: sourcePort, server: destination, serverPort: destinationPort)
        let reverse = Key(client: destination, clientPort: destinationPort, server: source, serverPort: sourcePort)
        if let flow = live(forward, at: time) { return (forward, flow, true) }
        if let flow = live(reverse, at: time) { return (reverse, flow, false) }
        return nil
    }

    /// The flow under `key` unless p0f would have expired it by `time`.
    private mutating func live(_ key: Key, at time: Timestamp) -> Flow? {
        guard let flow = flows[key] else { return nil }
        guard Self.seconds(time) - Self.seconds(flow.created) <= Self.maximumAgeSeconds else {
            flows[key] = nil
            return nil
        }
        return flow
    }

    mutating func insert(_ flow: Flow, for key: Key) {
        if flows.count >= Self.capacity { evictOldest() }
        flows[key] = flow
        ages.push(Age(created: flow.created, key: key))
        if ages.count > 4 * Self.capacity { rebuildAges() }
    }

    mutating func update(_ flow: Flow, for key: Key) { flows[key] = flow }

    mutating func remove(_ key: Key) { flows[key] = nil }

    /// p0f's `nuke_flows`: drops the oldest tenth (at least one) of the flows,
    /// the oldest first, ties by key.
    private mutating func evictOldest() {
        var victims = 1 + flows.count / 10
        while victims > 0, let oldest = ages.pop() {
            guard flows[oldest.key]?.created == oldest.created else { continue }
            flows[oldest.key] = nil
            victims -= 1
        }
    }

    private mutating func rebuildAges() {
        ages = MinHeap(less: Age.precedes)
        for (key, flow) in flows { ages.push(Age(created: flow.created, key: key)) }
    }

    /// A flow's place in the eviction order.
    private struct Age {
        var created: Timestamp
        var key: Key

        static func precedes(_ a: Age, _ b: Age) -> Bool {
            a.created != b.created ? a.created < b.created
                : (a.key.client, a.key.clientPort, a.key.server, a.key.serverPort)
                    < (b.key.client, b.key.clientPort, b.key.server, b.key.serverPort)
        }
    }

    private static func seconds(_ time: Timestamp) -> Int64 {
        time.nanoseconds >= 0 ? time.nanoseconds / 1_000_000_000 : (time.nanoseconds - 999_999_999) / 1_000_000_000
    }
}

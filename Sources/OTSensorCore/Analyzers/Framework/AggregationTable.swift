/// The aggregation model of the NTT scripts (LOGS.md §4), fed with one log's
/// events in capture order: events with equal key fields fold into one entry
/// with first-seen, last-seen and a count; an entry whose first event is more
/// than 60 s before its key's new event is closed and a new one starts.
///
/// A shard's analyzers do not feed it directly: `ShardedAggregation` decides
/// which table gets which events, so that the entries are those of one table
/// fed with every event of the slice in capture order.
public struct AggregationTable<Key: Hashable & Sendable>: Sendable {
    public struct Entry: Sendable {
        public var key: Key
        public var first: Timestamp
        public var last: Timestamp
        public var count: Int
        /// Where the entry's first event was, and the entry's rank among the
        /// entries created before it: the tie-break for equal first-seen times,
        /// which is capture order.
        var position: CapturePosition
        var created: UInt64
    }

    /// How long an entry aggregates after its creation (Zeek's `create_expire = 60 sec`).
    public static var window: Duration { .seconds(60) }

    /// Each open entry's place in `openEntries`.
    private var slots: [Key: Int] = [:]
    private var openEntries: [Entry] = []
    private var closed: [Entry] = []
    /// The key of the last event and its slot: cyclic traffic repeats one key
    /// many times in a row, and comparing it is far cheaper than hashing it.
    private var lastKey: Key?
    private var lastSlot = 0
    private var created: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { openEntries.isEmpty && closed.isEmpty }

    /// Counts one event of `key` at packet time `time`, which happened at
    /// `position` in the capture, updating its open entry in place.
    public mutating func add(_ key: Key, at time: Timestamp, position: CapturePosition) {
        let slot: Int
        if let lastKey, lastKey == key {
            slot = lastSlot
        } else if let found = slots[key] {
            slot = found
            remember(key, slot: found)
        } else {
            slots[key] = openEntries.count
            openEntries.append(startEntry(key, at: time, position: position))
            remember(key, slot: openEntries.count - 1)
            return
        }
        if time.interval(since: openEntries[slot].first) <= Self.window {
            openEntries[slot].count += 1
            openEntries[slot].last = max(openEntries[slot].last, time)
            return
        }
        closed.append(openEntries[slot])
        openEntries[slot] = startEntry(key, at: time, position: position)
    }

    private mutating func remember(_ key: Key, slot: Int) {
        lastKey = key
        lastSlot = slot
    }

    private mutating func startEntry(_ key: Key, at time: Timestamp, position: CapturePosition) -> Entry {
        defer { created += 1 }
        return Entry(key: key, first: time, last: time, count: 1, position: position, created: created)
    }

    /// Takes over every entry of a table none of whose keys this table has
    /// (another shard's, when a key's events never leave their shard). Nothing
    /// is added afterwards.
    mutating func append(disjoint other: AggregationTable) {
        assert(other.slots.keys.allSatisfy { slots[$0] == nil }, "a key aggregated in two shards")
        closed += other.closed
        closed += other.openEntries
    }

    /// Every entry, ordered by first-seen time (ties: capture order of the
    /// entries' first events).
    public var entries: [Entry] { (closed + openEntries).sorted(by: Self.precedes) }

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        if a.first != b.first { return a.first < b.first }
        if a.position != b.position { return a.position < b.position }
        return a.created < b.created
    }
}

/// The aggregation model of the NTT scripts (LOGS.md §4) for one slice: events
/// with equal key fields fold into one entry with first-seen, last-seen and a
/// count; an entry older than 60 s when its key is seen again is closed and a
/// new one starts.
///
/// Each shard keeps its own table; at the end of the slice the shards' tables
/// are folded into one (`absorb`) in shard order, because events of one key can
/// arrive on different flows (an SSDP host's M-SEARCHes from several source
/// ports). Entries are listed by (first-seen, shard, order of creation), so the
/// result never depends on hashing or on the number of threads.
public struct AggregationTable<Key: Hashable & Sendable>: Sendable {
    public struct Entry: Sendable {
        public var key: Key
        public var first: Timestamp
        public var last: Timestamp
        public var count: Int
        /// Shard and creation order: the stable tie-break for equal first-seen times.
        var order: UInt64
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
    private let shard: UInt64
    private var created: UInt64 = 0

    public init(shard: Int) { self.shard = UInt64(shard) }

    public var isEmpty: Bool { openEntries.isEmpty && closed.isEmpty }

    /// Counts one event of `key` at packet time `time`, updating its open entry in place.
    public mutating func add(_ key: Key, at time: Timestamp) {
        let slot: Int
        if let lastKey, lastKey == key {
            slot = lastSlot
        } else if let found = slots[key] {
            slot = found
            remember(key, slot: found)
        } else {
            slots[key] = openEntries.count
            openEntries.append(startEntry(key, at: time))
            remember(key, slot: openEntries.count - 1)
            return
        }
        if time.interval(since: openEntries[slot].first) <= Self.window {
            openEntries[slot].count += 1
            openEntries[slot].last = max(openEntries[slot].last, time)
            return
        }
        closed.append(openEntries[slot])
        openEntries[slot] = startEntry(key, at: time)
    }

    private mutating func remember(_ key: Key, slot: Int) {
        lastKey = key
        lastSlot = slot
    }

    private mutating func startEntry(_ key: Key, at time: Timestamp) -> Entry {
        defer { created += 1 }
        return Entry(key: key, first: time, last: time, count: 1, order: shard << 40 | created)
    }

    /// Folds another shard's table into this one: entries of equal key whose
    /// windows overlap become one.
    public mutating func absorb(_ other: AggregationTable) {
        for entry in other.closed + other.openEntries.sorted(by: Self.precedes) {
            guard let slot = slots[entry.key] else {
                slots[entry.key] = openEntries.count
                openEntries.append(entry)
                continue
            }
            var mine = openEntries[slot]
            let earlier = min(mine.first, entry.first), later = max(mine.first, entry.first)
            if later.interval(since: earlier) <= Self.window {
                mine.first = earlier
                mine.last = max(mine.last, entry.last)
                mine.count += entry.count
                mine.order = min(mine.order, entry.order)
                openEntries[slot] = mine
            } else if entry.first < mine.first {
                closed.append(entry)
            } else {
                closed.append(mine)
                openEntries[slot] = entry
            }
        }
    }

    /// Folds another shard's table into this one and empties it, so that the
    /// other shard's instance writes none of these rows again.
    public mutating func takeOver(_ other: inout AggregationTable) {
        absorb(other)
        other = AggregationTable(shard: Int(other.shard))
    }

    /// Every entry, ordered by first-seen time (ties: shard, then creation order).
    public var entries: [Entry] { (closed + openEntries).sorted(by: Self.precedes) }

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.first != b.first ? a.first < b.first : a.order < b.order
    }
}

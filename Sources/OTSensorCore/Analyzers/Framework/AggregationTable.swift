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

    private var open: [Key: Entry] = [:]
    private var closed: [Entry] = []
    private let shard: UInt64
    private var created: UInt64 = 0

    public init(shard: Int) { self.shard = UInt64(shard) }

    public var isEmpty: Bool { open.isEmpty && closed.isEmpty }

    /// Counts one event of `key` at packet time `time`. The key is hashed once:
    /// a cyclic frame finds its open entry and updates it in place.
    public mutating func add(_ key: Key, at time: Timestamp) {
        guard let index = open.index(forKey: key) else {
            open[key] = startEntry(key, at: time)
            return
        }
        if time.interval(since: open.values[index].first) <= Self.window {
            open.values[index].count += 1
            open.values[index].last = max(open.values[index].last, time)
            return
        }
        closed.append(open.values[index])
        open.values[index] = startEntry(key, at: time)
    }

    private mutating func startEntry(_ key: Key, at time: Timestamp) -> Entry {
        defer { created += 1 }
        return Entry(key: key, first: time, last: time, count: 1, order: shard << 40 | created)
    }

    /// Folds another shard's table into this one: entries of equal key whose
    /// windows overlap become one.
    public mutating func absorb(_ other: AggregationTable) {
        for entry in other.closed + other.open.values.sorted(by: Self.precedes) {
            guard var mine = open[entry.key] else {
                open[entry.key] = entry
                continue
            }
            let earlier = min(mine.first, entry.first), later = max(mine.first, entry.first)
            if later.interval(since: earlier) <= Self.window {
                mine.first = earlier
                mine.last = max(mine.last, entry.last)
                mine.count += entry.count
                mine.order = min(mine.order, entry.order)
                open[entry.key] = mine
            } else if entry.first < mine.first {
                closed.append(entry)
            } else {
                closed.append(mine)
                open[entry.key] = entry
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
    public var entries: [Entry] { (closed + open.values).sorted(by: Self.precedes) }

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.first != b.first ? a.first < b.first : a.order < b.order
    }
}

/// One shard's part of an aggregated log (LOGS.md §4). The log must read as
/// if one table had been fed every event of the slice in capture order,
/// whatever the number of shards and threads; how that is reached depends on
/// whether a key's events can fall in more than one shard.
///
/// - `.oneShard`: the key names what the shard was chosen by (a connection, a
///   frame's MAC pair), so all of a key's events meet in one shard, in capture
///   order. Each shard's table is exact for its keys; at the end of the slice
///   the tables are joined. This costs nothing over a plain table, which
///   matters for the chatty cyclic logs (cclink-ie, cclink-ief-basic).
/// - `.anyShard`: a key's events can arrive on different flows or MAC pairs
///   (an ARP request first broadcast, then unicast; an SSDP host's datagrams
///   from many source ports). Each shard only records its events with their
///   capture positions; after every chunk, when all shards are idle, shard 0
///   merges the records by position and feeds them to its table, the one
///   table of the slice. Events wait for at most one chunk, however long the
///   capture.
///
/// Events a shard records while no packet is being processed (connections
/// that time out before a chunk, the end of the slice) take the position the
/// shard's cursor holds then, which the shard loop sets for that purpose.
public struct ShardedAggregation<Key: Hashable & Sendable>: Sendable {
    public enum Spread: Sendable {
        case oneShard
        case anyShard
    }

    /// One event of an `.anyShard` log waiting for the fold.
    struct Event: Sendable {
        var key: Key
        var time: Timestamp
        var position: CapturePosition
    }

    /// What a shard hands to shard 0 at a fold: its events (`.anyShard`), or
    /// at the end of the slice its whole table (`.oneShard`).
    public struct Handover: Sendable {
        fileprivate var events: [Event] = []
        fileprivate var table: AggregationTable<Key>?
    }

    private let spread: Spread
    private let cursor: CaptureCursor
    /// `.oneShard`: this shard's entries. `.anyShard`: the slice's entries, in
    /// shard 0's instance only.
    private var table = AggregationTable<Key>()
    /// `.anyShard`: this shard's events since the last fold, in capture order.
    private var events: [Event] = []

    public init(_ spread: Spread, environment: AnalyzerEnvironment) {
        self.spread = spread
        cursor = environment.cursor
    }

    /// Counts one event of `key` at packet time `time`, at the position of the
    /// packet the shard is processing.
    public mutating func add(_ key: Key, at time: Timestamp) {
        add(key, at: time, position: cursor.position)
    }

    /// Counts one event of `key` that happened at `position`: for an event
    /// written after its packet (a DNS transaction, when it completes).
    public mutating func add(_ key: Key, at time: Timestamp, position: CapturePosition) {
        switch spread {
        case .oneShard: table.add(key, at: time, position: position)
        case .anyShard: events.append(Event(key: key, time: time, position: position))
        }
    }

    /// The cursor's current position, for an analyzer that keeps it until the
    /// event is written.
    public var position: CapturePosition { cursor.position }

    /// Empties what this shard must give to shard 0: after a chunk the events
    /// recorded since the last fold, at the end of the slice everything.
    public mutating func handOver(sliceEnded: Bool) -> Handover {
        switch spread {
        case .anyShard:
            defer { events = [] }
            return Handover(events: events)
        case .oneShard:
            guard sliceEnded else { return Handover() }
            defer { table = AggregationTable() }
            return Handover(table: table)
        }
    }

    /// Shard 0 takes the other shards' handovers (in shard order): `.anyShard`
    /// events are merged with its own by capture position (equal positions in
    /// shard order, then recording order) and fed to its table.
    public mutating func absorb(_ others: [Handover]) {
        switch spread {
        case .oneShard:
            for case let other? in others.map(\.table) { table.append(disjoint: other) }
        case .anyShard:
            let parts = [events] + others.map(\.events)
            events = []
            for (part, index) in Self.captureOrder(parts) {
                let event = parts[part][index]
                table.add(event.key, at: event.time, position: event.position)
            }
        }
    }

    /// The (part, index) of every event, ordered by position, then part, then
    /// index. Each part is in capture order already: the sort (a merge of
    /// runs) only interleaves them, and compares small keys, not events.
    private static func captureOrder(_ parts: [[Event]]) -> [(part: Int, index: Int)] {
        let filled = parts.indices.filter { !parts[$0].isEmpty }
        if filled.count == 1, let part = filled.first { return parts[part].indices.map { (part, $0) } }
        var order: [(position: CapturePosition, part: Int, index: Int)] = []
        order.reserveCapacity(filled.reduce(0) { $0 + parts[$1].count })
        for part in filled {
            for (index, event) in parts[part].enumerated() { order.append((event.position, part, index)) }
        }
        order.sort { a, b in
            if a.position != b.position { return a.position < b.position }
            return a.part != b.part ? a.part < b.part : a.index < b.index
        }
        return order.map { ($0.part, $0.index) }
    }

    /// Every entry, ordered by first-seen time (ties: capture order).
    public var entries: [AggregationTable<Key>.Entry] { table.entries }
}

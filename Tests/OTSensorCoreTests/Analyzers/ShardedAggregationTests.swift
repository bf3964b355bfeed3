import OTSensorCore
import XCTest

// Aggregation across shards must give what one table fed with every event in
// capture order gives (LOGS.md §4): an entry aggregates a key's events for
// 60 s from its first one; the key's next event after that writes the entry
// and starts a new one. Expected entries are worked by hand from that rule.

/// Shards' parts of one log, driven as the shard loop drives them: each
/// event at the position of its packet, shard 0 folding the others in.
private struct SimulatedShards {
    private let cursors: [CaptureCursor]
    private var parts: [ShardedAggregation<String>]
    private var packet: UInt64 = 0

    init(count: Int, spread: ShardedAggregation<String>.Spread) {
        cursors = (0..<count).map { _ in CaptureCursor() }
        parts = cursors.map { cursor in
            var environment = AnalyzerEnvironment()
            environment.cursor = cursor
            return ShardedAggregation(spread, environment: environment)
        }
    }

    /// The capture's next packet, in `shard`, carries an event of `key`.
    mutating func add(_ key: String, at seconds: Int64, shard: Int) {
        cursors[shard].position = CapturePosition(packet: packet, entry: 1)
        parts[shard].add(key, at: Timestamp(seconds: seconds, nanoseconds: 0))
        packet += 1
    }

    /// An event recorded outside any packet (a timeout before the next chunk).
    mutating func addOutsidePackets(_ key: String, at seconds: Int64, shard: Int) {
        cursors[shard].position = CapturePosition(packet: packet, entry: 0)
        parts[shard].add(key, at: Timestamp(seconds: seconds, nanoseconds: 0))
    }

    /// All shards idle: after a chunk, or at the end of the slice.
    mutating func fold(sliceEnded: Bool) {
        let handovers = parts.indices.dropFirst().map { parts[$0].handOver(sliceEnded: sliceEnded) }
        parts[0].absorb(handovers)
    }

    /// The slice's entries, read from shard 0 after the last fold.
    mutating func finish() -> [AggregationTable<String>.Entry] {
        fold(sliceEnded: true)
        for shard in parts.indices.dropFirst() {
            XCTAssertTrue(parts[shard].entries.isEmpty, "shard \(shard) kept entries after the fold")
        }
        return parts[0].entries
    }
}

final class ShardedAggregationTests: XCTestCase {
    /// (first, last, count) of each entry, in output order.
    private func summary(_ entries: [AggregationTable<String>.Entry]) -> [String] {
        entries.map { entry in
            let first = entry.first.nanoseconds / 1_000_000_000, last = entry.last.nanoseconds / 1_000_000_000
            return "\(entry.key) \(first)-\(last) ×\(entry.count)"
        }
    }

    /// Seen at 0 s in shard 0 and at 80 s in shard 1: 80 s after the entry's
    /// first event, the second sighting writes it and starts another.
    func testKeySeenAgainEightySecondsLaterInAnotherShardStartsASecondEntry() {
        var shards = SimulatedShards(count: 2, spread: .anyShard)
        shards.add("arp", at: 0, shard: 0)
        shards.add("arp", at: 80, shard: 1)
        shards.fold(sliceEnded: false)
        XCTAssertEqual(summary(shards.finish()), ["arp 0-0 ×1", "arp 80-80 ×1"])
    }

    /// 0 s in shard 1, then 50 s and 80 s in shard 0. In capture order: 50 s
    /// joins the entry of 0 s; 80 s is 80 s after that entry's first event, so
    /// it starts a new one, although it is only 30 s after 50 s. (Shard 0's own
    /// table would have put 50 s and 80 s together, and a fold of the two
    /// shards' entries would have made one entry of all three.)
    func testWindowsFollowCaptureOrderNotEachShardsOwnEvents() {
        var shards = SimulatedShards(count: 2, spread: .anyShard)
        shards.add("k", at: 0, shard: 1)
        shards.add("k", at: 50, shard: 0)
        shards.add("k", at: 80, shard: 0)
        XCTAssertEqual(summary(shards.finish()), ["k 0-50 ×2", "k 80-80 ×1"])
    }

    /// 0 s and 70 s in shard 0, 30 s in shard 1: 30 s belongs with 0 s, and
    /// 70 s (70 s after 0 s) starts the second entry alone.
    func testAnEventOfAnotherShardJoinsTheEntryItFallsIn() {
        var shards = SimulatedShards(count: 3, spread: .anyShard)
        shards.add("k", at: 0, shard: 0)
        shards.add("k", at: 30, shard: 2)
        shards.add("k", at: 70, shard: 0)
        XCTAssertEqual(summary(shards.finish()), ["k 0-30 ×2", "k 70-70 ×1"])
    }

    /// Exactly 60 s after the first event is still within the entry ("more
    /// than 60 s" starts a new one).
    func testSixtySecondsIsStillTheSameEntry() {
        var shards = SimulatedShards(count: 2, spread: .anyShard)
        shards.add("k", at: 0, shard: 0)
        shards.add("k", at: 60, shard: 1)
        shards.add("k", at: 61, shard: 0)
        XCTAssertEqual(summary(shards.finish()), ["k 0-60 ×2", "k 61-61 ×1"])
    }

    /// Folding after every event (one packet per chunk) or once at the end
    /// gives the same entries: the fold keeps nothing but capture order.
    func testFoldingAfterEveryChunkChangesNothing() {
        let events: [(String, Int64, Int)] = [
            ("a", 0, 0), ("b", 0, 1), ("a", 20, 2), ("a", 20, 1), ("b", 59, 2), ("a", 61, 0), ("b", 62, 0),
            ("a", 100, 1), ("b", 121, 1), ("a", 125, 2),
        ]
        var once = SimulatedShards(count: 3, spread: .anyShard)
        var often = SimulatedShards(count: 3, spread: .anyShard)
        for (key, seconds, shard) in events {
            once.add(key, at: seconds, shard: shard)
            often.add(key, at: seconds, shard: shard)
            often.fold(sliceEnded: false)
        }
        // a: 0, 20, 20 | 61, 100 | 125 (125 − 61 = 64); b: 0, 59 | 62, 121 (121 − 62 = 59).
        let expected = ["a 0-20 ×3", "b 0-59 ×2", "a 61-100 ×2", "b 62-121 ×2", "a 125-125 ×1"]
        XCTAssertEqual(summary(once.finish()), expected)
        XCTAssertEqual(summary(often.finish()), expected)
    }

    /// Equal first-seen times are in capture order, not in shard order.
    func testEqualFirstSeenTimesFollowCaptureOrderAcrossShards() {
        for spread in [ShardedAggregation<String>.Spread.anyShard, .oneShard] {
            var shards = SimulatedShards(count: 3, spread: spread)
            shards.add("first", at: 5, shard: 2)
            shards.add("second", at: 5, shard: 0)
            shards.add("third", at: 5, shard: 1)
            XCTAssertEqual(shards.finish().map(\.key), ["first", "second", "third"], "\(spread)")
        }
    }

    /// Keys that stay in their shard (`.oneShard`) keep their own windows, and
    /// the fold after a chunk moves nothing: each shard still owns its open
    /// entries until the slice ends.
    func testKeysBoundToOneShardAreJoinedAtTheEnd() {
        var shards = SimulatedShards(count: 2, spread: .oneShard)
        shards.add("plc-1", at: 0, shard: 0)
        shards.add("plc-2", at: 1, shard: 1)
        shards.fold(sliceEnded: false)
        shards.add("plc-1", at: 60, shard: 0)
        shards.add("plc-1", at: 61, shard: 0)
        shards.add("plc-2", at: 62, shard: 1)
        XCTAssertEqual(summary(shards.finish()), ["plc-1 0-60 ×2", "plc-2 1-1 ×1", "plc-1 61-61 ×1", "plc-2 62-62 ×1"])
    }

    /// Events recorded between packets (connections timing out before a
    /// chunk) share one position: ties among them go by shard, then by the
    /// order each shard recorded them, never by thread timing.
    func testEventsAtOnePositionGoInShardOrder() {
        var shards = SimulatedShards(count: 3, spread: .anyShard)
        shards.addOutsidePackets("from-2", at: 9, shard: 2)
        shards.addOutsidePackets("from-1-a", at: 9, shard: 1)
        shards.addOutsidePackets("from-1-b", at: 9, shard: 1)
        shards.addOutsidePackets("from-0", at: 9, shard: 0)
        XCTAssertEqual(shards.finish().map(\.key), ["from-0", "from-1-a", "from-1-b", "from-2"])
    }
}

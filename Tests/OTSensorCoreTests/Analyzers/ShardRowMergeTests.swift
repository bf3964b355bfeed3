@testable import OTSensorCore
import XCTest

/// The merge must give exactly the order of sorting every row by (time,
/// shard, position): that order is what makes a log independent of how rows
/// were spread over shards and threads.
final class ShardRowMergeTests: XCTestCase {
    /// The merged order as (shard, position) pairs packed like `sorted`'s.
    private func merged(_ times: [[Int64]]) -> [Int64] {
        let shardOfRow = times.enumerated().flatMap { shard, rows in rows.indices.map { (shard, $0) } }
        return ShardRowMerge.order(times: times).map { Int64(shardOfRow[$0].0) << 32 | Int64(shardOfRow[$0].1) }
    }

    private func sorted(_ times: [[Int64]]) -> [Int64] {
        times.enumerated()
            .flatMap { shard, rows in rows.indices.map { (rows[$0], shard, $0) } }
            .sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
            .map { Int64($0.1) << 32 | Int64($0.2) }
    }

    func testNoShardsAndEmptyShardsGiveNoRows() {
        XCTAssertEqual(merged([]), [])
        XCTAssertEqual(merged([[], [], []]), [])
    }

    func testEqualTimesGoInShardOrder() {
        XCTAssertEqual(merged([[5, 5], [5], [], [4, 5]]), sorted([[5, 5], [5], [], [4, 5]]))
        XCTAssertEqual(merged([[7], [7], [7]]), [0 << 32, 1 << 32, 2 << 32])
    }

    func testRandomShardCountsAndTimesMergeAsTheyWouldSort() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let shardCount = Int.random(in: 1...70, using: &generator)
            let times: [[Int64]] = (0..<shardCount).map { _ in
                let count = Int.random(in: 0...20, using: &generator)
                return (0..<count).map { _ in Int64.random(in: 0...30, using: &generator) }.sorted()
            }
            XCTAssertEqual(merged(times), sorted(times), "shard times \(times)")
        }
    }

    /// Slices big enough for the radix sort, over time ranges that need one
    /// digit, several, or all 64 bits, with many equal times.
    func testLargeMergesOverEveryTimeRangeMatchTheSort() {
        var generator = SystemRandomNumberGenerator()
        for range: Int64 in [0, 1, 1 << 11, 1 << 20, 1 << 40, .max] {
            let times: [[Int64]] = (0..<64).map { _ in
                let count = Int.random(in: 0...40, using: &generator)
                return (0..<count).map { _ in Int64.random(in: -range / 2...range / 2, using: &generator) }.sorted()
            }
            XCTAssertEqual(merged(times), sorted(times), "times within \(range)")
        }
        let extremes: [[Int64]] = (0..<300).map { $0 % 3 == 0 ? [.min, 0, .max] : [Int64($0)] }
        XCTAssertEqual(merged(extremes), sorted(extremes))
    }

    func testExtremeTimesAreOrderedLikeAnyOther() {
        let times: [[Int64]] = [[.max], [.min, .max], [0]]
        XCTAssertEqual(merged(times), sorted(times))
    }
}

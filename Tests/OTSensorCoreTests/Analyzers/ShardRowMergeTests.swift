@testable import OTSensorCore
import XCTest

/// The merge must give exactly the order of sorting every row by (time,
/// shard, position): that order is what makes a log independent of how rows
/// were spread over shards and threads.
final class ShardRowMergeTests: XCTestCase {
    private func merged(_ times: [[Int64]]) -> [Int64] {
        var merge = ShardRowMerge(times: times)
        var order: [Int64] = []
        while let (shard, position) = merge.next() {
            order.append(Int64(shard) << 32 | Int64(position))
        }
        return order
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

    func testExtremeTimesAreOrderedLikeAnyOther() {
        let times: [[Int64]] = [[.max], [.min, .max], [0]]
        XCTAssertEqual(merged(times), sorted(times))
    }
}

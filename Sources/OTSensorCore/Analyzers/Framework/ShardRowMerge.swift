/// The k-way merge behind every analyzer log: each shard's rows arrive sorted
/// by time, and the merged order is (time, shard, position in shard), which
/// depends only on the input.
///
/// A heap holds each shard's next row with its key inline, and taking a row
/// replaces the top in one sift-down instead of a pop and a push: millions of
/// rows (an S7 polling slice) merge in a few comparisons each, with no closure
/// calls and no lookups through the shards' buffers.
struct ShardRowMerge {
    private struct Head {
        var time: Int64
        var shard: Int32
        var position: Int32

        @inline(__always)
        func precedes(_ other: Head) -> Bool {
            time != other.time ? time < other.time : shard < other.shard
        }
    }

    /// `times[s]` are shard s's row times in the order its rows are taken.
    private let times: [[Int64]]
    private var heap: [Head] = []

    init(times: [[Int64]]) {
        self.times = times
        heap.reserveCapacity(times.count)
        for (shard, shardTimes) in times.enumerated() where !shardTimes.isEmpty {
            heap.append(Head(time: shardTimes[0], shard: Int32(shard), position: 0))
        }
        for start in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(from: start) }
    }

    /// The next row in merged order: its shard and its position in that shard's order.
    mutating func next() -> (shard: Int, position: Int)? {
        guard let top = heap.first else { return nil }
        let shard = Int(top.shard), following = Int(top.position) + 1
        if following < times[shard].count {
            heap[0] = Head(time: times[shard][following], shard: top.shard, position: Int32(following))
        } else {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        if heap.count > 1 { siftDown(from: 0) }
        return (shard, Int(top.position))
    }

    private mutating func siftDown(from start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            var i = start
            let moving = heap[i]
            while true {
                let left = 2 * i + 1
                guard left < heap.count else { break }
                var child = left
                if left + 1 < heap.count && heap[left + 1].precedes(heap[left]) { child = left + 1 }
                guard heap[child].precedes(moving) else { break }
                heap[i] = heap[child]
                i = child
            }
            heap[i] = moving
        }
    }
}

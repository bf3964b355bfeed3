/// The k-way merge behind every analyzer log: each shard's rows arrive sorted
/// by time, and the merged order is (time, shard, position in shard), which
/// depends only on the input.
///
/// Laid end to end in shard order, the runs are already in (shard, position)
/// order, so a stable sort by time alone gives the merged order. A least
/// significant digit radix sort does that in a few linear passes over the
/// times relative to the earliest (eleven bits per pass, and a pass whose
/// digit is the same for every row is skipped): a heap over 64 shards cost a
/// dozen unpredictable comparisons per row, and an S7 polling slice merges
/// millions of rows.
enum ShardRowMerge {
    private static let digitBits = 11
    /// Below this many rows a comparison sort is cheaper than clearing the
    /// radix sort's buckets.
    private static let radixThreshold = 256

    /// The merged order, as indices into the concatenation of the runs
    /// (shard 0's rows first): `times[s]` are shard s's row times, ascending.
    static func order(times: [[Int64]]) -> [Int] {
        let keys = relativeTimes(times)
        guard keys.count >= radixThreshold else {
            return keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        }
        let span = keys.max() ?? 0
        let passes = (UInt64.bitWidth - span.leadingZeroBitCount + digitBits - 1) / digitBits
        return radixSorted(keys, passes: passes)
    }

    /// Every row's time minus the earliest, as an unsigned key that orders
    /// like the time (whatever the times' range).
    private static func relativeTimes(_ times: [[Int64]]) -> [UInt64] {
        let earliest = times.compactMap(\.first).min() ?? 0
        var keys: [UInt64] = []
        keys.reserveCapacity(times.reduce(0) { $0 + $1.count })
        for run in times {
            for time in run { keys.append(UInt64(bitPattern: time &- earliest)) }
        }
        return keys
    }

    /// The indices of `keys` stably sorted by key, `passes` digits deep.
    private static func radixSorted(_ keys: [UInt64], passes: Int) -> [Int] {
        let count = keys.count, buckets = 1 << digitBits, mask = UInt64(buckets - 1)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: buckets * passes)
        let keyBuffers = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * count)
        let indexBuffers = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2 * count)
        defer {
            counts.deallocate()
            keyBuffers.deallocate()
            indexBuffers.deallocate()
        }
        counts.initialize(repeating: 0)
        for key in keys {
            var rest = key
            for pass in 0..<passes {
                counts[pass &* buckets &+ Int(rest & mask)] &+= 1
                rest >>= UInt64(digitBits)
            }
        }
        var source = 0, target = count
        _ = keyBuffers.initialize(from: keys)
        for i in 0..<count { indexBuffers[i] = i }
        for pass in 0..<passes {
            let digitCounts = UnsafeMutableBufferPointer(rebasing: counts[(pass * buckets)..<((pass + 1) * buckets)])
            if digitCounts.contains(count) { continue }
            var start = 0
            for digit in 0..<buckets {
                let rows = digitCounts[digit]
                digitCounts[digit] = start
                start &+= rows
            }
            let shift = UInt64(pass * digitBits)
            for i in source..<(source + count) {
                let key = keyBuffers[i], digit = Int(key >> shift & mask)
                let slot = target &+ digitCounts[digit]
                digitCounts[digit] &+= 1
                keyBuffers[slot] = key
                indexBuffers[slot] = indexBuffers[i]
            }
            swap(&source, &target)
        }
        return Array(indexBuffers[source..<(source + count)])
    }
}

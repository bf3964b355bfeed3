/// A batch of packets copied out of libpcap's buffer. The read stage only
/// copies bytes; decoding and shard assignment happen on the workers
/// (`ChunkDecoder`), so the single reading thread does as little as possible.
///
/// Chunks are reused: `reset()` keeps the buffers' capacity.
final class PacketChunk: @unchecked Sendable {
    /// One captured packet: where its bytes are in the arena.
    struct Record {
        var time: Timestamp
        var wireLength: Int
        var linkType: Int32
        var start: Int
        var count: Int
    }

    /// A decoded packet (or a packet found inside a tunnel, or a reassembled
    /// datagram) ready for its shard. `record` orders it within the chunk.
    struct Entry {
        var info: PacketInfo
        var record: Int32
        /// Index into the slice's `datagrams` for a reassembled datagram (whose
        /// bytes live outside the arena), or -1.
        var datagram: Int32 = -1
    }

    /// The decoded entries of a contiguous run of records, filed by shard.
    struct DecodedSlice {
        var entries: [Entry] = []
        var datagrams: [[UInt8]] = []
        var shardMembers: [[Int32]]
        var counters = PacketCounters()
        /// Records that are IP fragments, for the sequential reassembly step.
        var fragments: [Int32] = []

        init(shardCount: Int) { shardMembers = Array(repeating: [], count: shardCount) }

        mutating func reset() {
            entries.removeAll(keepingCapacity: true)
            datagrams.removeAll(keepingCapacity: true)
            for i in shardMembers.indices { shardMembers[i].removeAll(keepingCapacity: true) }
            counters = PacketCounters()
            fragments.removeAll(keepingCapacity: true)
        }
    }

    var arena: [UInt8] = []
    var records: [Record] = []
    var slices: [DecodedSlice]

    init(shardCount: Int, sliceCount: Int, byteCapacity: Int) {
        slices = Array(repeating: DecodedSlice(shardCount: shardCount), count: sliceCount)
        arena.reserveCapacity(byteCapacity + 65_536)
    }

    var firstTimestamp: Timestamp? { records.first?.time }

    func reset() {
        arena.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        for i in slices.indices { slices[i].reset() }
    }

    /// Copies a packet's bytes into the arena.
    func append(time: Timestamp, wireLength: Int, linkType: Int32, bytes: UnsafeRawBufferPointer) {
        records.append(Record(time: time, wireLength: wireLength, linkType: linkType, start: arena.count,
                              count: bytes.count))
        arena.append(contentsOf: bytes)
    }

    /// The records slice `index` of `slices.count` covers.
    func recordRange(ofSlice index: Int) -> Range<Int> {
        let n = records.count, k = slices.count
        return (n * index / k)..<(n * (index + 1) / k)
    }
}

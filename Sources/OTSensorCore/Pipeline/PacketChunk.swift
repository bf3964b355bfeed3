/// A batch of packets copied out of libpcap's buffer, already decoded and
/// assigned to shards, so that the analyze stage can run shards in parallel.
///
/// Chunks are reused: `reset()` keeps the buffers' capacity.
final class PacketChunk: @unchecked Sendable {
    struct Packet {
        var info: PacketInfo
        var start: Int
        var count: Int
    }

    var arena: [UInt8] = []
    var packets: [Packet] = []
    /// Indices into `packets`, per shard, in capture order.
    var shardMembers: [[Int32]]
    var firstTimestamp: Timestamp?

    init(shardCount: Int, byteCapacity: Int) {
        shardMembers = Array(repeating: [], count: shardCount)
        arena.reserveCapacity(byteCapacity + 65_536)
    }

    func reset() {
        arena.removeAll(keepingCapacity: true)
        packets.removeAll(keepingCapacity: true)
        for i in shardMembers.indices { shardMembers[i].removeAll(keepingCapacity: true) }
        firstTimestamp = nil
    }

    /// Copies a packet's bytes into the arena and files it under `shard`.
    func append(_ info: PacketInfo, bytes: UnsafeRawBufferPointer, shard: Int) {
        let start = arena.count
        arena.append(contentsOf: bytes)
        shardMembers[shard].append(Int32(packets.count))
        packets.append(Packet(info: info, start: start, count: bytes.count))
        if firstTimestamp == nil { firstTimestamp = info.timestamp }
    }
}

/// The read stage's per-packet work: decode, reassemble fragments, pick the
/// shard, and copy the packet into the current chunk.
struct ChunkFiller {
    let decoder: PacketDecoder
    let linkType: Int32
    let shardCount: Int
    var fragments = FragmentReassembler()
    var counters = PacketCounters()
    var firstTimestamp: Timestamp?
    var lastTimestamp: Timestamp?

    init(decoder: PacketDecoder, linkType: Int32, shardCount: Int) {
        self.decoder = decoder
        self.linkType = linkType
        self.shardCount = shardCount
    }

    mutating func add(time: Timestamp, wireLength: Int, bytes: UnsafeRawBufferPointer, to chunk: PacketChunk) {
        counters.read += 1
        counters.bytesRead += bytes.count
        if firstTimestamp == nil { firstTimestamp = time }
        lastTimestamp = time
        var info = PacketInfo()
        info.timestamp = time
        info.wireLength = wireLength
        switch decoder.decode(bytes, linkType: linkType, into: &info) {
        case .ip:
            admit(info, bytes: bytes, to: chunk)
        case .fragment:
            counters.fragments += 1
            guard let datagram = fragments.add(info, bytes: bytes) else { return }
            counters.reassembledDatagrams += 1
            reassembled(datagram, from: info, to: chunk)
        case .nonIP:
            counters.nonIP[info.etherType, default: 0] += 1
        case .skipped(let reason):
            counters.skip(reason)
        }
    }

    private mutating func admit(_ info: PacketInfo, bytes: UnsafeRawBufferPointer, to chunk: PacketChunk) {
        counters.decoded += 1
        let key = FlowPorts(info).key(for: info)
        chunk.append(info, bytes: bytes, shard: Int(key.stableHash % UInt64(shardCount)))
    }

    /// Decodes a reassembled datagram, keeping the link-layer facts of its last fragment.
    private mutating func reassembled(_ datagram: [UInt8], from fragment: PacketInfo, to chunk: PacketChunk) {
        var info = PacketInfo()
        info.timestamp = fragment.timestamp
        info.sourceMAC = fragment.sourceMAC
        info.destinationMAC = fragment.destinationMAC
        info.vlan = fragment.vlan
        info.innerVLAN = fragment.innerVLAN
        info.vlanTagCount = fragment.vlanTagCount
        datagram.withUnsafeBytes { bytes in
            info.wireLength = bytes.count
            info.capturedLength = bytes.count
            var cursor = ByteCursor(bytes)
            switch decoder.decodeIPByVersion(&cursor, into: &info) {
            case .ip: admit(info, bytes: bytes, to: chunk)
            case .skipped(let reason): counters.skip(reason)
            case .fragment, .nonIP: counters.skip(.fragmentDropped)
            }
        }
    }
}

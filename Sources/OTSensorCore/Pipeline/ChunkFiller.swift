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
            admitDecapsulating(info, bytes: bytes, to: chunk)
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

    /// Admits a packet and, when it carries a tunnel, the packet inside it
    /// (nested tunnels up to `maximumTunnelDepth`).
    private mutating func admitDecapsulating(_ info: PacketInfo, bytes: UnsafeRawBufferPointer, to chunk: PacketChunk) {
        var current = info
        var depth = 0
        while let tunnel = decoder.decapsulate(current, bytes: bytes) {
            if tunnel.outerIsConnection {
                current.confirmedService = tunnel.kind.serviceName
                admit(current, bytes: bytes, to: chunk)
            }
            depth += 1
            guard depth <= PacketDecoder.maximumTunnelDepth else {
                counters.skip(.tunnelTooDeep)
                return
            }
            switch tunnel.outcome {
            case .ip:
                current = tunnel.inner
            case .nonIP:
                counters.nonIP[tunnel.inner.etherType, default: 0] += 1
                return
            case .fragment:
                counters.skip(.fragmentDropped)
                return
            case .skipped(let reason):
                counters.skip(reason)
                return
            }
        }
        admit(current, bytes: bytes, to: chunk)
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

import Dispatch

/// The decode stage, run by the workers: each slice of a chunk's records is
/// decoded (tunnels followed) and filed by shard in parallel; then IP fragments
/// are reassembled in capture order on one thread, because reassembly is
/// stateful across packets.
struct ChunkDecoder: Sendable {
    let decoder: PacketDecoder
    let shardCount: Int
    /// Which frames without IP an analyzer wants (the rest are only counted).
    let dispatch: AnalyzerDispatch
    let clock: StageClock

    /// Decodes every slice of `chunk`, using up to `threads` workers.
    func decode(_ chunk: PacketChunk, threads: Int) {
        let slices = chunk.slices.count
        let ranges = (0..<slices).map { chunk.recordRange(ofSlice: $0) }
        let arena = chunk.arena, records = chunk.records
        chunk.slices.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let shared = buffer
            let work: @Sendable (Int) -> Void = { index in
                clock.measure(.decode) {
                    decodeSlice(&shared[index], records: records, range: ranges[index], arena: arena)
                }
            }
            if threads <= 1 {
                for index in 0..<slices { work(index) }
            } else {
                DispatchQueue.concurrentPerform(iterations: slices, execute: work)
            }
        }
    }

    private func decodeSlice(_ slice: inout PacketChunk.DecodedSlice, records: [PacketChunk.Record],
                             range: Range<Int>, arena: [UInt8]) {
        arena.withUnsafeBytes { arena in
            for index in range {
                let record = records[index]
                let bytes = UnsafeRawBufferPointer(rebasing: arena[record.start..<(record.start + record.count)])
                var info = PacketInfo()
                info.timestamp = record.time
                info.wireLength = record.wireLength
                switch decoder.decode(bytes, linkType: record.linkType, into: &info) {
                case .ip:
                    admitDecapsulating(info, bytes: bytes, record: Int32(index), to: &slice)
                case .fragment:
                    slice.counters.fragments += 1
                    slice.fragments.append(Int32(index))
                    admitFollowingSubframes(of: info, bytes: bytes, record: Int32(index), to: &slice, datagram: -1)
                case .skipped(.unsupportedLinkType):
                    slice.counters.skip(.unsupportedLinkType)
                    slice.counters.unsupportedLinkTypes[record.linkType, default: 0] += 1
                case let outcome:
                    admitOther(outcome, info, bytes: bytes, record: Int32(index), to: &slice, datagram: -1)
                }
            }
        }
    }

    /// Admits a packet and, when it carries a tunnel, the packet inside it
    /// (nested tunnels up to `maximumTunnelDepth`), then the packets that
    /// follow it in the same 802.11 frame.
    func admitDecapsulating(_ info: PacketInfo, bytes: UnsafeRawBufferPointer, record: Int32,
                            to slice: inout PacketChunk.DecodedSlice, datagram: Int32 = -1) {
        var current = info
        var aggregate = info
        defer { admitFollowingSubframes(of: aggregate, bytes: bytes, record: record, to: &slice, datagram: datagram) }
        var depth = 0
        while let tunnel = decoder.decapsulate(current, bytes: bytes) {
            if tunnel.outerIsConnection {
                current.confirmedService = tunnel.kind.serviceName
                admit(current, record: record, to: &slice, datagram: datagram)
            }
            depth += 1
            guard depth <= PacketDecoder.maximumTunnelDepth else {
                slice.counters.skip(.tunnelTooDeep)
                return
            }
            if tunnel.inner.nextSubframeOffset != 0 { aggregate = tunnel.inner }
            switch tunnel.outcome {
            case .ip:
                current = tunnel.inner
            case let outcome:
                admitOther(outcome, tunnel.inner, bytes: bytes, record: record, to: &slice, datagram: datagram,
                           following: false)
                return
            }
        }
        admit(current, record: record, to: &slice, datagram: datagram)
    }

    /// Counts a frame that carries no IP packet to track, and files it when an
    /// analyzer reads frames of its EtherType.
    private func admitOther(_ outcome: DecodeOutcome, _ info: PacketInfo, bytes: UnsafeRawBufferPointer, record: Int32,
                            to slice: inout PacketChunk.DecodedSlice, datagram: Int32, following: Bool = true) {
        switch outcome {
        case .ip:
            admitDecapsulating(info, bytes: bytes, record: record, to: &slice, datagram: datagram)
            return
        case .fragment:
            slice.counters.skip(.fragmentDropped)
        case .nonIP:
            slice.counters.nonIP[info.etherType, default: 0] += 1
            // Link-layer logs describe the capture's own segment, not frames
            // carried inside tunnels.
            if info.tunnel == nil && dispatch.wantsLinkFrame(etherType: info.etherType) {
                file(info, record: record, shard: linkShard(info), to: &slice, datagram: datagram)
            }
        case .skipped(let reason):
            slice.counters.skip(reason)
        }
        if following { admitFollowingSubframes(of: info, bytes: bytes, record: record, to: &slice, datagram: datagram) }
    }

    /// An 802.11 A-MSDU frame carries several packets; each after the first
    /// is decoded with the frame's addresses and tunnel, and admitted as a
    /// packet of its own, as Zeek does.
    private func admitFollowingSubframes(of frame: PacketInfo, bytes: UnsafeRawBufferPointer, record: Int32,
                                         to slice: inout PacketChunk.DecodedSlice, datagram: Int32) {
        var next = frame.nextSubframeOffset
        while next != 0 {
            var info = PacketInfo()
            info.timestamp = frame.timestamp
            info.wireLength = frame.wireLength
            info.capturedLength = frame.capturedLength
            info.sourceMAC = frame.sourceMAC
            info.destinationMAC = frame.destinationMAC
            info.tunnel = frame.tunnel
            let outcome = decoder.decodeSubframe(bytes, at: next, into: &info)
            next = info.nextSubframeOffset
            info.nextSubframeOffset = 0
            admitOther(outcome, info, bytes: bytes, record: record, to: &slice, datagram: datagram, following: false)
        }
    }

    private func admit(_ info: PacketInfo, record: Int32, to slice: inout PacketChunk.DecodedSlice,
                       datagram: Int32) {
        slice.counters.decoded += 1
        file(info, record: record, shard: Self.flowShard(info, count: shardCount), to: &slice, datagram: datagram)
    }

    private func linkShard(_ info: PacketInfo) -> Int { Self.linkShard(info, count: shardCount) }

    /// An IP packet goes to its connection's shard, the same for both directions.
    static func flowShard(_ info: PacketInfo, count: Int) -> Int {
        Int(FlowPorts(info).key(for: info).stableHash % UInt64(count))
    }

    /// Frames without IP are sharded by their MAC addresses, the same for both directions.
    static func linkShard(_ info: PacketInfo, count: Int) -> Int {
        let a = info.sourceMAC.value, b = info.destinationMAC.value
        return Int(StableHash.mix(min(a, b) &* 31 ^ max(a, b)) % UInt64(count))
    }

    private func file(_ info: PacketInfo, record: Int32, shard: Int, to slice: inout PacketChunk.DecodedSlice,
                      datagram: Int32) {
        let position = Int32(slice.entries.count)
        slice.entries.append(PacketChunk.Entry(info: info, record: record, datagram: datagram))
        // Reassembled datagrams arrive after the slice was decoded: keep each
        // shard's list in capture order.
        var at = slice.shardMembers[shard].endIndex
        while at > 0 && slice.entries[Int(slice.shardMembers[shard][at - 1])].record > record { at -= 1 }
        if at == slice.shardMembers[shard].endIndex {
            slice.shardMembers[shard].append(position)
        } else {
            slice.shardMembers[shard].insert(position, at: at)
        }
    }

    /// Reassembles the chunk's fragments in capture order; a completed datagram
    /// is filed in the slice of the fragment that completed it.
    func reassembleFragments(_ chunk: PacketChunk, with reassembler: inout FragmentReassembler) {
        let arena = chunk.arena, records = chunk.records
        for s in chunk.slices.indices where !chunk.slices[s].fragments.isEmpty {
            for index in chunk.slices[s].fragments {
                let record = records[Int(index)]
                arena.withUnsafeBytes { arena in
                    let bytes = UnsafeRawBufferPointer(rebasing: arena[record.start..<(record.start + record.count)])
                    var info = PacketInfo()
                    info.timestamp = record.time
                    info.wireLength = record.wireLength
                    guard decoder.decode(bytes, linkType: record.linkType, into: &info) == .fragment,
                          let datagram = reassembler.add(info, bytes: bytes) else { return }
                    chunk.slices[s].counters.reassembledDatagrams += 1
                    admitDatagram(datagram, from: info, record: index, to: &chunk.slices[s])
                }
            }
        }
    }

    /// Decodes a reassembled datagram, keeping the link-layer facts of its last fragment.
    private func admitDatagram(_ datagram: [UInt8], from fragment: PacketInfo, record: Int32,
                               to slice: inout PacketChunk.DecodedSlice) {
        var info = PacketInfo()
        info.timestamp = fragment.timestamp
        info.sourceMAC = fragment.sourceMAC
        info.destinationMAC = fragment.destinationMAC
        info.vlan = fragment.vlan
        info.innerVLAN = fragment.innerVLAN
        info.vlanTagCount = fragment.vlanTagCount
        let stored = Int32(slice.datagrams.count)
        slice.datagrams.append(datagram)
        datagram.withUnsafeBytes { bytes in
            info.wireLength = bytes.count
            info.capturedLength = bytes.count
            var cursor = ByteCursor(bytes)
            switch decoder.decodeIPByVersion(&cursor, into: &info) {
            case .ip: admitDecapsulating(info, bytes: bytes, record: record, to: &slice, datagram: stored)
            case .skipped(let reason): slice.counters.skip(reason)
            case .fragment, .nonIP: slice.counters.skip(.fragmentDropped)
            }
        }
    }
}

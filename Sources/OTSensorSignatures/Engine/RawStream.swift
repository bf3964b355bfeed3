/// One direction of a TCP connection as Suricata's raw stream inspection sees
/// it in IDS mode (stream-tcp-reassemble.c, StreamReassembleRaw): the
/// in-order bytes not yet inspected, how far the peer acknowledged them, and
/// whether the next chunk is due.
///
/// Content rules on TCP match the stream in chunks rather than packet by
/// packet: a chunk is the acknowledged data since the last one, inspected on
/// a packet of the same direction once 2560 bytes are waiting, the
/// application layer asked for it (a request or response complete), the
/// connection is closing, or the depth was reached; at the flow's end the
/// rest is inspected, acknowledged or not. Offsets count payload bytes from
/// the stream's start (0 is the first byte after the SYN).
public struct RawStream: Sendable {
    /// Suricata's `stream.reassembly.toserver-chunk-size` and
    /// `toclient-chunk-size` defaults.
    public static let chunkSize: UInt64 = 2560
    /// Suricata's `stream.reassembly.depth` default: bytes beyond it are not inspected.
    public static let defaultDepth: UInt64 = 1 << 20

    /// The offset up to which the stream was inspected (raw progress).
    public private(set) var progress: UInt64 = 0
    /// What the peer acknowledged.
    public private(set) var acknowledged: UInt64 = 0
    /// The application layer finished a message: inspect on the next packet.
    public var triggered = false
    /// The depth was reached: what is left is inspected at once, nothing after it.
    public private(set) var depthReached = false
    let depth: UInt64
    /// Bytes from `progress` on, in order; a gap starts a new block.
    private var bytes: [UInt8] = []
    /// Each block's stream offset and its start in `bytes` (the first block
    /// starts at `progress`, or after it when a gap came first).
    private var blocks: [(offset: UInt64, start: Int)] = []
    /// Where the next delivered byte belongs: past a gap, not at the end of `bytes`.
    private var next: UInt64 = 0

    public init(depth: UInt64 = RawStream.defaultDepth) {
        self.depth = depth
    }

    /// The offset one past the last byte held.
    public var end: UInt64 {
        guard let last = blocks.last else { return progress }
        return last.offset + UInt64(bytes.count - last.start)
    }

    /// Whether data waits beyond what was inspected (StreamNeedsReassembly).
    public var hasUninspectedData: Bool { end > progress }

    /// In-order payload at `offset`; what lies past the depth is dropped.
    public mutating func append(_ data: UnsafeRawBufferPointer, at offset: UInt64) {
        guard !data.isEmpty else { return }
        let start = max(offset, next), stop = min(offset + UInt64(data.count), depth)
        if offset + UInt64(data.count) >= depth { depthReached = true }
        guard start < stop else { return }
        if blocks.isEmpty || start != end { blocks.append((start, bytes.count)) }
        bytes.append(contentsOf: data[Int(start - offset)..<Int(stop - offset)])
        next = stop
    }

    /// `length` bytes at `offset` were never seen: the next data starts a block.
    public mutating func gap(at offset: UInt64, length: UInt64) {
        next = max(next, offset + length)
    }

    /// The peer acknowledged everything below `offset`.
    public mutating func acknowledge(upTo offset: UInt64) {
        acknowledged = max(acknowledged, offset)
    }

    /// StreamReassembleRawHasDataReady with StreamTcpReassembleRawCheckLimit:
    /// whether a packet of this direction inspects a chunk. `closing`: the
    /// session is past TIME_WAIT (a FIN from the client, or both closed).
    public func isReady(closing: Bool) -> Bool {
        guard hasUninspectedData else { return false }
        return triggered || depthReached || closing || acknowledged >= progress + Self.chunkSize
    }

    /// Calls `body` with the chunk's blocks (the acknowledged data since the
    /// last chunk; at `endOfFlow`, all of it), then moves past them. An
    /// empty chunk (nothing acknowledged yet) leaves the progress where it is.
    public mutating func inspectChunk<R>(endOfFlow: Bool, _ body: ([UnsafeRawBufferPointer]) -> R) -> R {
        let right = endOfFlow ? end : min(acknowledged, end)
        guard right > progress else {
            // Suricata clears a trigger that found nothing only before the first chunk.
            if progress == 0 { triggered = false }
            return body([])
        }
        let consumed = blocks.isEmpty ? 0 : index(of: right)
        let result = bytes.withUnsafeBytes { raw in
            var pieces: [UnsafeRawBufferPointer] = []
            for (i, block) in blocks.enumerated() {
                let stop = i + 1 < blocks.count ? blocks[i + 1].start : bytes.count
                let upTo = min(stop, consumed)
                if block.start < upTo { pieces.append(UnsafeRawBufferPointer(rebasing: raw[block.start..<upTo])) }
            }
            return body(pieces)
        }
        drop(upTo: right, consumedBytes: consumed)
        triggered = false
        return result
    }

    /// The position in `bytes` of stream offset `offset` (within or at the
    /// end of a block; an offset inside a gap maps to the next block's start).
    private func index(of offset: UInt64) -> Int {
        var position = 0
        for (i, block) in blocks.enumerated() {
            let length = (i + 1 < blocks.count ? blocks[i + 1].start : bytes.count) - block.start
            if offset < block.offset { return block.start }
            if offset <= block.offset + UInt64(length) { return block.start + Int(offset - block.offset) }
            position = block.start + length
        }
        return position
    }

    /// Forgets the bytes before `offset` (the first `consumedBytes`); a block
    /// the cut fell inside goes on from `offset`.
    private mutating func drop(upTo offset: UInt64, consumedBytes: Int) {
        progress = offset
        bytes.removeFirst(consumedBytes)
        blocks = blocks.filter { $0.start >= consumedBytes }.map { ($0.offset, $0.start - consumedBytes) }
        if !bytes.isEmpty && (blocks.first?.start ?? 1) > 0 { blocks.insert((offset, 0), at: 0) }
        next = max(next, offset)
    }
}

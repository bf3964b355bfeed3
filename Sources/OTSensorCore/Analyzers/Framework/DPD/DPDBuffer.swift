/// The first payload of a connection no port claimed, kept for content
/// detection as Zeek's PIA keeps it: each direction's bytes for matching,
/// and the order of the chunks (stream pieces or datagrams) to replay to an
/// analyzer a match attaches. Bounded by `dpd_buffer_size` over both
/// directions and `dpd_max_packets` chunks, after which detection stops
/// (`dpd_match_only_beginning`); a content gap stops it too, since the
/// stream's patterns are anchored at its first byte.
struct DPDBuffer {
    /// Zeek's `dpd_buffer_size` and `dpd_max_packets`.
    static let capacity = 1024
    static let maximumChunks = 100

    struct Chunk {
        var isOrig: Bool
        /// Bytes in its direction's buffer.
        var length: Int
    }

    private(set) var orig: [UInt8] = []
    private(set) var resp: [UInt8] = []
    private(set) var chunks: [Chunk] = []
    /// Bytes and chunks seen so far, the current one included.
    private var size = 0, chunkCount = 0
    /// Signatures matched, and matched but waiting for their reverse signature, per direction.
    var matched: (orig: UInt64, resp: UInt64) = (0, 0)
    var pending: (orig: UInt64, resp: UInt64) = (0, 0)
    /// Stream signatures that can no longer match, per direction.
    var failed: (orig: UInt64, resp: UInt64) = (0, 0)

    /// Storage grows with what is kept: most connections that detection
    /// watches carry a few bytes, and a capture holds many of them at once.
    init() {}

    /// Empties the buffer for another connection, keeping its storage.
    mutating func reset() {
        orig.removeAll(keepingCapacity: true)
        resp.removeAll(keepingCapacity: true)
        chunks.removeAll(keepingCapacity: true)
        size = 0
        chunkCount = 0
        matched = (0, 0)
        pending = (0, 0)
        failed = (0, 0)
    }

    /// Counts a new chunk of `length` bytes; false once the buffer is past its
    /// bounds, when this chunk is the last one matched.
    mutating func count(_ length: Int) -> Bool {
        size += length
        chunkCount += 1
        return size <= Self.capacity && chunkCount <= Self.maximumChunks
    }

    /// Keeps a chunk that fit within the bounds (`count` returned true).
    mutating func keep(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) {
        if isOrig { orig.append(contentsOf: bytes) } else { resp.append(contentsOf: bytes) }
        chunks.append(Chunk(isOrig: isOrig, length: bytes.count))
    }

    /// Calls `body` with each kept chunk and its direction, in arrival order.
    func replay(_ body: (UnsafeRawBufferPointer, Bool) -> Void) {
        var origOffset = 0, respOffset = 0
        orig.withUnsafeBytes { origBytes in
            resp.withUnsafeBytes { respBytes in
                for chunk in chunks {
                    if chunk.isOrig {
                        body(UnsafeRawBufferPointer(rebasing: origBytes[origOffset..<(origOffset + chunk.length)]), true)
                        origOffset += chunk.length
                    } else {
                        body(UnsafeRawBufferPointer(rebasing: respBytes[respOffset..<(respOffset + chunk.length)]), false)
                        respOffset += chunk.length
                    }
                }
            }
        }
    }

    /// The bytes of one direction kept so far.
    func withDirection<R>(isOrig: Bool, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        isOrig ? orig.withUnsafeBytes(body) : resp.withUnsafeBytes(body)
    }
}

extension DPDBuffer {
    /// Content detection still watching a connection when the slice ends: a
    /// request in one slice and its reply in the next still match together.
    func carry(into writer: inout StateWriter) {
        writer.put(orig)
        writer.put(resp)
        writer.put(UInt64(chunks.count))
        for chunk in chunks {
            writer.put(chunk.isOrig)
            writer.put(chunk.length)
        }
        writer.put(size)
        writer.put(chunkCount)
        for mask in [matched.orig, matched.resp, pending.orig, pending.resp, failed.orig, failed.resp] { writer.put(mask) }
    }

    init(carriedFrom reader: inout StateReader) throws {
        orig = try reader.byteString()
        resp = try reader.byteString()
        chunks = try (0..<reader.count()).map { _ in Chunk(isOrig: try reader.bool(), length: try reader.int()) }
        size = try reader.int()
        chunkCount = try reader.int()
        matched = (try reader.uint64(), try reader.uint64())
        pending = (try reader.uint64(), try reader.uint64())
        failed = (try reader.uint64(), try reader.uint64())
        let kept = chunks.reduce((orig: 0, resp: 0)) { sum, chunk in
            chunk.isOrig ? (sum.orig + chunk.length, sum.resp) : (sum.orig, sum.resp + chunk.length)
        }
        guard kept.orig == orig.count, kept.resp == resp.count, chunks.allSatisfy({ $0.length >= 0 }) else {
            throw CarriedStateError.malformed("detection chunks that do not add up to the bytes kept")
        }
    }
}

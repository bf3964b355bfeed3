/// Receives what TCP reassembly produces for one direction of a connection.
public protocol StreamSink {
    /// Whether the sink reads payload. When false, reassembly tracks sequence
    /// ranges only (for gap accounting) and never calls `deliver`.
    static var wantsPayload: Bool { get }

    /// In-order payload bytes of one direction starting at relative sequence number `sequence`.
    mutating func deliver(_ bytes: UnsafeRawBufferPointer, sequence: UInt64, isOrig: Bool)
    /// `length` bytes at `sequence` were acknowledged but never seen.
    mutating func gap(sequence: UInt64, length: UInt64, isOrig: Bool)
}

extension StreamSink {
    public static var wantsPayload: Bool { true }
}

/// One direction's TCP stream reassembly, in relative sequence space (the first
/// payload byte after the SYN is 1), with Zeek's semantics: payload is delivered
/// in order; data beyond a hole waits, bounded by `capacity`; an acknowledgement
/// for bytes never seen turns the hole into a content gap.
///
/// Application analyzers consume it through a `StreamSink`; when no analyzer
/// wants the bytes (`keepsData` false) only sequence ranges are tracked, so the
/// common path copies nothing.
public struct StreamReassembler: Sendable {
    /// The next sequence number to deliver (Zeek's `last_reassem_seq`).
    public private(set) var nextSequence: UInt64 = 1
    /// Sequence numbers below this were acknowledged and are forgotten.
    public private(set) var trimSequence: UInt64 = 1
    /// Whether payload bytes are buffered for an analyzer, or only ranges.
    public var keepsData: Bool
    /// Most out-of-order sequence space held; beyond it held data is dropped and
    /// later reported as a gap when acknowledged.
    public var capacity: Int
    public private(set) var bufferedBytes = 0
    /// Out-of-order segments above `nextSequence`, sorted by start.
    private var pending: [PendingSegment] = []
    /// Most out-of-order segments held at once.
    public static let maximumSegments = 1024

    struct PendingSegment: Sendable {
        var start: UInt64
        var end: UInt64
        var data: [UInt8]
    }

    public init(keepsData: Bool = false, capacity: Int = 1 << 20) {
        self.keepsData = keepsData
        self.capacity = capacity
    }

    public var hasPendingData: Bool { !pending.isEmpty }

    /// New payload at relative `sequence`; `acknowledged` is what the peer has
    /// already acknowledged of this direction (data below it is old).
    public mutating func dataSent<Sink: StreamSink>(sequence: UInt64, payload: UnsafeRawBufferPointer,
                                                   acknowledged: UInt64, isOrig: Bool, sink: inout Sink) {
        var start = sequence
        var bytes = payload
        if start < acknowledged {
            let end = start + UInt64(bytes.count)
            if end <= acknowledged { return }
            let old = Int(acknowledged - start)
            bytes = UnsafeRawBufferPointer(rebasing: bytes[old...])
            start = acknowledged
        }
        guard !bytes.isEmpty else { return }
        var end = start + UInt64(bytes.count)
        if end <= trimSequence { return }
        if start < trimSequence {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[Int(trimSequence - start)...])
            start = trimSequence
        }
        if end <= nextSequence { return }
        if start <= nextSequence {
            if keepsData {
                let fresh = UnsafeRawBufferPointer(rebasing: bytes[Int(nextSequence - start)...])
                sink.deliver(fresh, sequence: nextSequence, isOrig: isOrig)
            }
            nextSequence = end
            deliverPending(isOrig: isOrig, sink: &sink)
            return
        }
        end = min(end, start + UInt64(bytes.count))
        insertPending(start: start, end: end, bytes: bytes)
    }

    /// The peer acknowledged everything below `sequence`: whatever of that was
    /// never seen is reported to the sink as gaps. A partial connection's first
    /// acknowledgement (`sequence` ≤ 2, `isPartial`) names bytes before the capture
    /// started and is not a gap.
    public mutating func acknowledged<Sink: StreamSink>(upTo sequence: UInt64, isPartial: Bool, isOrig: Bool, sink: inout Sink) {
        guard sequence > trimSequence else { return }
        if reportsGap(acknowledging: sequence, isPartial: isPartial) {
            undelivered(upTo: sequence, isOrig: isOrig, sink: &sink)
        }
        trimSequence = sequence
        guard !pending.isEmpty else { return }
        pending.removeAll { segment in
            if segment.end <= sequence {
                bufferedBytes -= Int(segment.end - segment.start)
                return true
            }
            return false
        }
    }

    /// Whether `acknowledged(upTo: sequence, …)` would pass anything to its sink:
    /// only then does the caller need to count gaps around it.
    func reportsGap(acknowledging sequence: UInt64, isPartial: Bool) -> Bool {
        sequence > trimSequence && sequence > nextSequence && !(isPartial && sequence <= 2)
    }

    /// Delivers buffered segments below `sequence` with the holes between them
    /// reported as gaps, then the final hole up to `sequence`.
    private mutating func undelivered<Sink: StreamSink>(upTo sequence: UInt64, isOrig: Bool, sink: inout Sink) {
        while let first = pending.first, first.start < sequence {
            if first.start > nextSequence {
                sink.gap(sequence: nextSequence, length: first.start - nextSequence, isOrig: isOrig)
                nextSequence = first.start
            }
            deliverPending(isOrig: isOrig, sink: &sink)
        }
        if sequence > nextSequence {
            sink.gap(sequence: nextSequence, length: sequence - nextSequence, isOrig: isOrig)
            nextSequence = sequence
        }
    }

    private mutating func deliverPending<Sink: StreamSink>(isOrig: Bool, sink: inout Sink) {
        while let first = pending.first, first.start <= nextSequence {
            pending.removeFirst()
            bufferedBytes -= Int(first.end - first.start)
            guard first.end > nextSequence else { continue }
            if keepsData {
                let skip = Int(nextSequence - first.start)
                first.data.withUnsafeBytes { raw in
                    sink.deliver(UnsafeRawBufferPointer(rebasing: raw[skip...]), sequence: nextSequence, isOrig: isOrig)
                }
            }
            nextSequence = first.end
        }
    }

    /// Holds an out-of-order segment. Held sequence space is bounded by
    /// `capacity` (ranges count even when no bytes are kept), and the number of
    /// segments by `maximumSegments` (tiny segments sent out of order would
    /// otherwise make every insertion and delivery scan a long list): when a
    /// segment would exceed either, everything held is dropped, and a segment
    /// larger than the capacity is not held at all. Dropped data surfaces as a
    /// gap once acknowledged, never as silently missing bytes.
    private mutating func insertPending(start: UInt64, end: UInt64, bytes: UnsafeRawBufferPointer) {
        let length = Int(end - start)
        guard length <= capacity else { return }
        if bufferedBytes + length > capacity || pending.count >= Self.maximumSegments {
            pending.removeAll()
            bufferedBytes = 0
        }
        var index = pending.endIndex
        while index > pending.startIndex && pending[index - 1].start > start { index -= 1 }
        pending.insert(PendingSegment(start: start, end: end, data: keepsData ? [UInt8](bytes) : []), at: index)
        bufferedBytes += length
    }
}

extension StreamReassembler {
    /// The reassembly position and the segments waiting for a gap to fill,
    /// for a connection carried into the next slice.
    func carry(into writer: inout StateWriter) {
        writer.put(nextSequence)
        writer.put(trimSequence)
        writer.put(keepsData)
        writer.put(capacity)
        writer.put(UInt32(pending.count))
        for segment in pending {
            writer.put(segment.start)
            writer.put(segment.end)
            writer.put(segment.data)
        }
    }

    init(carriedFrom reader: inout StateReader) throws {
        self.init(keepsData: false)
        nextSequence = try reader.uint64()
        trimSequence = try reader.uint64()
        keepsData = try reader.bool()
        capacity = try reader.int()
        for _ in 0..<(try reader.count()) {
            let start = try reader.uint64(), end = try reader.uint64(), data = try reader.byteString()
            guard start < end, !keepsData || data.count == end - start else {
                throw CarriedStateError.malformed("a pending segment from \(start) to \(end) with \(data.count) bytes")
            }
            pending.append(PendingSegment(start: start, end: end, data: data))
            bufferedBytes += Int(end - start)
        }
    }
}

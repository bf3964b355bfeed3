/// Cuts one direction of an HTTP stream into lines as Zeek's ContentLine
/// analyzer does (CR, LF and CRLF each end a line; an LF right after a line
/// ended by CR is swallowed), or, while `plainRemaining` is positive, hands
/// that many bytes over as they are (a body).
///
/// Lines inside one chunk are handed over in place; only a line split
/// across chunks is collected, and never beyond `maximumLineLength`: the rest
/// of a longer line is dropped and the line is reported as truncated, so a
/// megabyte header line costs 64 KiB at most.
struct HTTPLineReader {
    static let maximumLineLength = 1 << 16

    enum Piece {
        /// A whole line within the chunk (terminator excluded).
        case line(UnsafeRawBufferPointer, truncated: Bool)
        /// A line completed from collected bytes: read it with `takeLine()`.
        case collectedLine(truncated: Bool)
        /// Bytes handed over as they are.
        case plain(UnsafeRawBufferPointer)
        /// The chunk is used up.
        case end
    }

    /// Bytes still to hand over as they are before lines resume.
    var plainRemaining: Int64 = 0
    /// Only CRLF ends a line (Zeek's `SetCRLFAsEOL(0)`, inside a multipart body's part).
    var crlfOnly = false
    /// Zeek's `SetDeliverySize`: stream bytes left in a body of known length,
    /// counted per chunk from the chunk after it was set; when it reaches 0
    /// exactly, a line left unended is ended. -1 when not counting.
    var deliverySize: Int64 = -1
    private var collected: [UInt8] = []
    private var collectedTruncated = false
    private var lastEndedWithCR = false

    /// Whether a line was started and not ended.
    var hasPartialLine: Bool { !collected.isEmpty || collectedTruncated }

    /// The next piece of `chunk` from `position`, which it advances.
    mutating func next(_ chunk: UnsafeRawBufferPointer, at position: inout Int) -> Piece {
        while position < chunk.count {
            if lastEndedWithCR {
                lastEndedWithCR = false
                if chunk[position] == 0x0A {
                    position += 1
                    continue
                }
            }
            if plainRemaining > 0 {
                let count = Int(min(plainRemaining, Int64(chunk.count - position)))
                plainRemaining -= Int64(count)
                defer { position += count }
                return .plain(UnsafeRawBufferPointer(rebasing: chunk[position..<(position + count)]))
            }
            let start = position
            guard let end = crlfOnly ? crlfLineEnd(chunk, from: start, position: &position)
                                     : anyLineEnd(chunk, from: start, position: &position) else {
                collect(UnsafeRawBufferPointer(rebasing: chunk[start...]))
                position = chunk.count
                return .end
            }
            if !hasPartialLine {
                let length = min(end - start, Self.maximumLineLength)
                return .line(UnsafeRawBufferPointer(rebasing: chunk[start..<(start + length)]),
                             truncated: length < end - start)
            }
            collect(UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
            return .collectedLine(truncated: collectedTruncated)
        }
        return .end
    }

    /// Counts a chunk against `deliverySize`, before the chunk is read.
    mutating func startChunk(_ count: Int) {
        if deliverySize > 0 { deliverySize -= Int64(count) }
    }

    /// After a chunk: whether the delivery size ran out with a line unended,
    /// which is then to be taken with `takeLine()` as if CRLF had ended it.
    mutating func endChunk() -> Bool {
        guard deliverySize == 0 else { return false }
        deliverySize = -1
        return hasPartialLine
    }

    /// The collected line, which the reader forgets; hand the array back
    /// with `recycle` to keep its storage.
    mutating func takeLine() -> [UInt8] {
        var line: [UInt8] = []
        swap(&line, &collected)
        collectedTruncated = false
        return line
    }

    mutating func recycle(_ line: inout [UInt8]) {
        line.removeAll(keepingCapacity: true)
        if collected.isEmpty && !collectedTruncated { swap(&line, &collected) }
    }

    /// Where a line ended by CR, LF or CRLF ends, moving `position` past
    /// the terminator; nil when the chunk ends first.
    private mutating func anyLineEnd(_ chunk: UnsafeRawBufferPointer, from start: Int, position: inout Int) -> Int? {
        var end = start
        while end < chunk.count && chunk[end] != 0x0D && chunk[end] != 0x0A { end += 1 }
        guard end < chunk.count else { return nil }
        position = end + 1
        if chunk[end] == 0x0D {
            if position < chunk.count && chunk[position] == 0x0A {
                position += 1
            } else {
                lastEndedWithCR = true
            }
        }
        return end
    }

    /// Where a line ended by CRLF only ends (a CR ending the previous chunk
    /// counts), moving `position` past the CRLF; nil when the chunk ends first.
    private mutating func crlfLineEnd(_ chunk: UnsafeRawBufferPointer, from start: Int, position: inout Int) -> Int? {
        var from = start
        while let lf = UnsafeRawBufferPointer(rebasing: chunk[from...]).firstIndex(of: 0x0A).map({ $0 + from }) {
            if lf > start && chunk[lf - 1] == 0x0D {
                position = lf + 1
                return lf - 1
            }
            if lf == start && collected.last == 0x0D {
                collected.removeLast()
                position = lf + 1
                return lf
            }
            from = lf + 1
        }
        return nil
    }

    private mutating func collect(_ bytes: UnsafeRawBufferPointer) {
        let room = Self.maximumLineLength - collected.count
        if bytes.count > room { collectedTruncated = true }
        collected.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<min(room, bytes.count)]))
    }
}

extension HTTPLineReader {
    /// A line or a run of plain bytes cut by the slice's end.
    func carry(into writer: inout StateWriter) {
        writer.put(plainRemaining)
        writer.put(crlfOnly)
        writer.put(deliverySize)
        writer.put(collected)
        writer.put(collectedTruncated)
        writer.put(lastEndedWithCR)
    }

    init(carriedFrom reader: inout StateReader) throws {
        self.init()
        plainRemaining = try reader.int64()
        crlfOnly = try reader.bool()
        deliverySize = try reader.int64()
        collected = try reader.byteString()
        collectedTruncated = try reader.bool()
        lastEndedWithCR = try reader.bool()
        guard collected.count <= Self.maximumLineLength else {
            throw CarriedStateError.malformed("an HTTP line of \(collected.count) bytes")
        }
    }
}

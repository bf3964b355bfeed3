/// Cuts one direction of a DNS-over-TCP stream into messages (RFC 1035
/// §4.2.2: each message follows its 16-bit length).
///
/// A chunk may hold several messages and a message may span chunks; a message
/// split across chunks is collected in `pending`, which the 16-bit length
/// bounds to 64 KiB. Messages inside one chunk are handed over in place.
struct DNSStreamFramer {
    /// The length prefix's bytes seen so far (0, 1 or 2) and their value.
    private var prefixBytes = 0
    private var length = 0
    private var pending: [UInt8] = []

    /// Whether a message was started and not completed.
    var hasPartialMessage: Bool { prefixBytes > 0 }

    /// Calls `deliver` with every message the chunk completes, in stream order.
    mutating func consume(_ chunk: UnsafeRawBufferPointer, deliver: (UnsafeRawBufferPointer) -> Void) {
        var position = 0
        while position < chunk.count {
            if prefixBytes < 2 {
                length = length << 8 | Int(chunk[position])
                prefixBytes += 1
                position += 1
                continue
            }
            let wanted = length - pending.count
            let available = chunk.count - position
            if pending.isEmpty && available >= length {
                deliver(UnsafeRawBufferPointer(rebasing: chunk[position..<(position + length)]))
                position += length
                reset()
                continue
            }
            let take = min(wanted, available)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[position..<(position + take)]))
            position += take
            if pending.count == length {
                pending.withUnsafeBytes { deliver($0) }
                reset()
            }
        }
        // A zero length completes a (too short) message as soon as its prefix is read.
        if prefixBytes == 2 && length == 0 {
            deliver(UnsafeRawBufferPointer(start: nil, count: 0))
            reset()
        }
    }

    /// The bytes of a message the stream ended inside (Zeek parses them as a
    /// message of their own when the connection closes); nil when there are none.
    mutating func takePartialMessage() -> [UInt8]? {
        defer { reset() }
        guard prefixBytes == 2, !pending.isEmpty else { return nil }
        return pending
    }

    /// Forgets the message in progress: after lost bytes the next byte is
    /// taken as the start of a length prefix.
    mutating func reset() {
        prefixBytes = 0
        length = 0
        pending.removeAll(keepingCapacity: true)
    }
}

extension DNSStreamFramer {
    /// A message over TCP cut by the slice's end, for the next slice.
    func carry(into writer: inout StateWriter) {
        writer.put(prefixBytes)
        writer.put(length)
        writer.put(pending)
    }

    init(carriedFrom reader: inout StateReader) throws {
        prefixBytes = try reader.int()
        length = try reader.int()
        pending = try reader.byteString()
        guard (0...2).contains(prefixBytes), (0...0xFFFF).contains(length), pending.count <= length else {
            throw CarriedStateError.malformed("a DNS length prefix of \(prefixBytes) bytes")
        }
    }
}

/// Cuts one direction of an ISO-on-TCP byte stream into TPKTs (RFC 1006:
/// version 3, reserved 0, a 16-bit length that includes the 4-byte header).
///
/// Every TPKT of a chunk is delivered, and a TPKT split across chunks is carried
/// over in `pending` (bounded by `maximumLength`) and delivered once complete,
/// so the analyzer sees the reassembled stream's PDUs, not TCP's segmentation
/// (ARCHITECTURE.md decision 12). A header that is not plausible, or a gap in
/// the stream, loses synchronisation; the framer then skips bytes up to the
/// next plausible TPKT + COTP header instead of giving up on the connection.
struct TPKTFramer {
    /// COTP's largest TPDU is 8192 octets (ISO 8073 TPDU-size parameter 0x0D);
    /// twice that leaves room for odd stacks while bounding the buffer and
    /// rejecting absurd lengths such as 65535.
    static let maximumLength = 16_384
    /// A TPKT header and the shortest COTP TPDU (DT: LI, type, EOT).
    static let minimumLength = 7

    private var pending: [UInt8] = []
    private var isSynchronised = true

    /// Whether a TPKT was started but not completed.
    var hasPartialTPKT: Bool { !pending.isEmpty }

    /// Bytes were lost: drop any partial TPKT and look for the next header.
    mutating func resynchronise() {
        pending.removeAll(keepingCapacity: true)
        isSynchronised = false
    }

    /// Calls `deliver` with the body (the bytes after the 4-byte header) of every
    /// TPKT the chunk completes, in stream order; invalid headers are reported
    /// to `reject`.
    mutating func consume(_ chunk: UnsafeRawBufferPointer, reject: (S7DecodeError) -> Void,
                          deliver: (UnsafeRawBufferPointer) -> Void) {
        var position = 0
        if !pending.isEmpty {
            position = completePending(chunk, reject: reject, deliver: deliver)
        }
        while position < chunk.count {
            if !isSynchronised {
                guard let start = Self.plausibleHeader(in: chunk, from: position) else { return }
                position = start
                isSynchronised = true
            }
            let available = chunk.count - position
            guard available >= 4 else {
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[position...]))
                return
            }
            let length: Int
            switch Self.validate(chunk[position], chunk[position + 1], chunk[position + 2], chunk[position + 3]) {
            case .success(let valid): length = valid
            case .failure(let error):
                reject(error)
                isSynchronised = false
                position += 1
                continue
            }
            guard available >= length else {
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[position...]))
                return
            }
            deliver(UnsafeRawBufferPointer(rebasing: chunk[(position + 4)..<(position + length)]))
            position += length
        }
    }

    /// Feeds the start of `chunk` into the carried-over TPKT; returns where the
    /// chunk's own TPKTs start.
    private mutating func completePending(_ chunk: UnsafeRawBufferPointer, reject: (S7DecodeError) -> Void,
                                          deliver: (UnsafeRawBufferPointer) -> Void) -> Int {
        var position = 0
        if pending.count < 4 {
            let take = min(4 - pending.count, chunk.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<take]))
            position = take
            guard pending.count == 4 else { return position }
        }
        switch Self.validate(pending[0], pending[1], pending[2], pending[3]) {
        case .failure(let error):
            reject(error)
            resynchronise()
            return position
        case .success(let length):
            let take = min(length - pending.count, chunk.count - position)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[position..<(position + take)]))
            position += take
            if pending.count == length {
                pending.withUnsafeBytes { deliver(UnsafeRawBufferPointer(rebasing: $0[4...])) }
                pending.removeAll(keepingCapacity: true)
            }
            return position
        }
    }

    /// The TPKT length, when the four header bytes are a valid TPKT header.
    private static func validate(_ version: UInt8, _ reserved: UInt8, _ high: UInt8,
                                 _ low: UInt8) -> Result<Int, S7DecodeError> {
        guard version == 3, reserved == 0 else { return .failure(.tpktHeaderInvalid) }
        let length = Int(high) << 8 | Int(low)
        guard length >= minimumLength, length <= maximumLength else { return .failure(.tpktLengthInvalid) }
        return .success(length)
    }

    /// The first offset from `start` where a TPKT could begin: version 3,
    /// reserved 0, a sane length, and a COTP length indicator that fits with a
    /// known TPDU type. A candidate cut by the chunk's end is accepted as far as
    /// its bytes go (the rest is checked when it completes).
    static func plausibleHeader(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == 3 else { continue }
            let available = bytes.count - index
            if available >= 2 && bytes[index + 1] != 0 { continue }
            guard available >= 4 else { return index }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= minimumLength, length <= maximumLength else { continue }
            guard available >= 6 else { return index }
            let indicator = Int(bytes[index + 4])
            guard indicator >= 1, indicator + 1 <= length - 4, COTPTPDU.isKnownType(bytes[index + 5]) else { continue }
            return index
        }
        return nil
    }
}

extension TPKTFramer {
    /// A TPKT cut by the slice's end, for the next slice of the stream.
    func carry(into writer: inout StateWriter) {
        writer.put(pending)
        writer.put(isSynchronised)
    }

    init(carriedFrom reader: inout StateReader) throws {
        pending = try reader.byteString()
        isSynchronised = try reader.bool()
        guard pending.count < Self.maximumLength else { throw CarriedStateError.malformed("a TPKT of \(pending.count) bytes") }
    }
}

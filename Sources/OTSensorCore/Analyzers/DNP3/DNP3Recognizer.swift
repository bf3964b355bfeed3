/// Recognises DNP3 as Zeek's DNP3 analyzers do, over TCP (conn.log `service`
/// "dnp3_tcp") and over UDP ("dnp3_udp").
///
/// Zeek (DNP3.cc `ProcessData`) collects the first 11 bytes of each frame:
/// the link-layer header with its CRC, and the transport byte. Without the
/// 0x05 0x64 start bytes it stops parsing the direction without a verdict; a
/// header whose CRC (IEEE 1815 §9.2.4.1.3, DNP's CRC-16) does not match is a
/// violation, and a matching one confirms. The frame's user data, in 16-byte
/// blocks each followed by a CRC, is then skipped to the next frame; over
/// UDP frames run across datagrams in the same way.
struct DNP3FrameCheck: Sendable {
    static let headerLength = 11

    private var header = RecognizerBuffer(capacity: DNP3FrameCheck.headerLength)
    /// Bytes of the current frame after its 11 collected ones.
    private var remaining = 0
    private var stopped = false

    /// `.confirmed` when a frame header with a good CRC was in these bytes.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> RecognizerVerdict {
        var verdict = RecognizerVerdict.undecided
        var offset = 0
        while !stopped, offset < bytes.count {
            if remaining > 0 {
                let take = min(remaining, bytes.count - offset)
                offset += take
                remaining -= take
                continue
            }
            let take = min(Self.headerLength - header.count, bytes.count - offset)
            header.append(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            offset += take
            guard header.count == Self.headerLength else { break }
            let (check, length) = header.withBytes { (Self.check($0), Int($0[2])) }
            header.removeAll()
            switch check {
            case .none:
                stopped = true
            case .some(let headerVerdict) where headerVerdict != .confirmed:
                return headerVerdict
            default:
                verdict = .confirmed
                remaining = Self.frameLength(length) - Self.headerLength
            }
        }
        return verdict
    }

    /// `nil` without the start bytes, else the CRC's verdict.
    private static func check(_ bytes: UnsafeRawBufferPointer) -> RecognizerVerdict? {
        guard bytes[0] == 0x05, bytes[1] == 0x64 else { return nil }
        let crc = crc(UnsafeRawBufferPointer(rebasing: bytes[0..<8]))
        let matches = bytes[8] == UInt8(crc & 0xFF) && bytes[9] == UInt8(crc >> 8)
        return matches ? .confirmed : .violated(reason: "dnp3.broken_checksum")
    }

    /// A frame's bytes from its length field: the 10-byte header, then the
    /// user data (length - 5) with a 2-byte CRC per started 16 bytes. A
    /// header-only frame leaves the 11th collected byte unused, and Zeek
    /// drops it; so does this.
    static func frameLength(_ length: Int) -> Int {
        let userData = length - 5
        guard userData > 0 else { return headerLength }
        return 10 + userData + 2 * ((userData + 15) / 16)
    }

    /// DNP's CRC-16: reflected polynomial 0xA6BC, initial 0, complemented,
    /// sent low byte first.
    static func crc(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte)
            for _ in 0..<8 {
                crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA6BC : crc >> 1
            }
        }
        return ~crc
    }
}

/// Either direction's verdict, kept once confirmed.
struct DNP3Directions: Sendable {
    private var orig = DNP3FrameCheck()
    private var resp = DNP3FrameCheck()
    private var confirmed = false

    mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        let verdict = isOrig ? orig.feed(bytes) : resp.feed(bytes)
        if case .violated = verdict { return verdict }
        confirmed = confirmed || verdict == .confirmed
        return confirmed ? .confirmed : .undecided
    }
}

public struct DNP3TCPRecognizer: ServiceRecognizer {
    public static let service = "dnp3_tcp"

    private var directions = DNP3Directions()

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        directions.feed(bytes, isOrig: isOrig)
    }

    /// Zeek's DNP3 analyzer passes a gap to its parser and goes on.
    public mutating func gap(length: UInt64, isOrig: Bool) -> RecognizerVerdict {
        .undecided
    }
}

public struct DNP3UDPRecognizer: ServiceRecognizer {
    public static let service = "dnp3_udp"

    private var directions = DNP3Directions()

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        directions.feed(bytes, isOrig: isOrig)
    }
}

/// What p0f 3.09b extracts from a SYN or SYN+ACK (process.c `parse_packet`),
/// including its sanity checks: a packet p0f would ignore gives nil.
struct P0fPacket {
    enum Kind { case syn, synAck }

    var kind: Kind
    var ipVersion: UInt8
    var ttl: UInt8
    var ipOptionsLength: Int
    var mss: UInt16 = 0
    var window: UInt16
    var windowScale: UInt8 = 0
    var layout: [UInt8] = []
    var eolPadding = 0
    var quirks: P0fQuirks = []
    var hasPayload: Bool
    /// IP header (with options) + TCP header length.
    var totalHeaderLength: Int
    /// The timestamp option's TSval (0 when absent).
    var timestamp: UInt32 = 0
    var sequence: UInt32

    /// Why p0f would not fingerprint the packet (the manifest's anomaly names).
    enum Rejection: String, Error {
        case truncated = "p0f.truncated"
        case fragment = "p0f.fragment"
        case notTCP = "p0f.ipv6_extension_headers"
        case badHeaderLength = "p0f.tcp_header_length_invalid"
        case flagCombination = "p0f.tcp_flags_invalid"
    }

    /// Parses the IP packet at `offset`; `available` bytes were captured from there.
    static func parse(_ bytes: UnsafeRawBufferPointer, offset: Int) -> Result<P0fPacket, Rejection> {
        guard offset >= 0, offset < bytes.count else { return .failure(.truncated) }
        var length = bytes.count - offset
        guard length >= 40 else { return .failure(.truncated) }
        let version = bytes[offset] >> 4
        var quirks: P0fQuirks = []
        let headerLength: Int, ttl: UInt8, optionsLength: Int
        if version == 4 {
            headerLength = Int(bytes[offset] & 0x0F) * 4
            let total = Int(read16(bytes, offset + 2)), flags = read16(bytes, offset + 6)
            length = min(length, total)
            guard length >= 40, headerLength >= 20, total <= length, headerLength + 20 <= length else {
                return .failure(.truncated)
            }
            guard bytes[offset + 9] == 6 else { return .failure(.notTCP) }
            guard flags & ~0xC000 == 0 else { return .failure(.fragment) }
            ttl = bytes[offset + 8]
            optionsLength = headerLength - 20
            if bytes[offset + 1] & 0x03 != 0 { quirks.insert(.ecn) }
            if flags & 0x8000 != 0 { quirks.insert(.mustBeZero) }
            let id = read16(bytes, offset + 4)
            if flags & 0x4000 != 0 {
                quirks.insert(.df)
                if id != 0 { quirks.insert(.nonZeroID) }
            } else if id == 0 {
                quirks.insert(.zeroID)
            }
        } else if version == 6 {
            headerLength = 40
            let total = Int(read16(bytes, offset + 4)) + 40
            length = min(length, total)
            guard length >= 60, total <= length else { return .failure(.truncated) }
            guard bytes[offset + 6] == 6 else { return .failure(.notTCP) }
            let versionClassFlow = read32(bytes, offset)
            ttl = bytes[offset + 7]
            optionsLength = 0
            if versionClassFlow & 0xFFFFF != 0 { quirks.insert(.flow) }
            if (versionClassFlow >> 20) & 0x03 != 0 { quirks.insert(.ecn) }
        } else {
            return .failure(.truncated)
        }
        let tcp = offset + headerLength
        length -= headerLength
        let dataOffset = Int(bytes[tcp + 12] >> 4) * 4
        guard dataOffset >= 20, dataOffset <= length else { return .failure(.badHeaderLength) }
        let flags = bytes[tcp + 13]
        let kind: Kind
        switch flags & 0x17 {
        case 0x02: kind = .syn
        case 0x12: kind = .synAck
        default: return .failure(.flagCombination)
        }
        let sequence = read32(bytes, tcp + 4)
        if flags & 0xC0 != 0 || bytes[tcp + 12] & 0x01 != 0 { quirks.insert(.ecn) }
        if sequence == 0 { quirks.insert(.zeroSequence) }
        if flags & 0x10 != 0 {
            if read32(bytes, tcp + 8) == 0 { quirks.insert(.zeroAck) }
        } else if bytes[tcp + 8] & 0x01 != 0 {
            // p0f tests `RD32(ack) & !(flags & RST)`: a bitwise AND with 1 of the
            // raw (little-endian loaded) word, i.e. the lowest bit of the first
            // byte on the wire. Reproduced so signatures equal p0f's.
            quirks.insert(.nonZeroAck)
        }
        if flags & 0x20 != 0 {
            quirks.insert(.urgent)
        } else if read16(bytes, tcp + 18) != 0 {
            quirks.insert(.nonZeroUrgent)
        }
        if flags & 0x08 != 0 { quirks.insert(.push) }
        var packet = P0fPacket(kind: kind, ipVersion: version, ttl: ttl, ipOptionsLength: optionsLength,
                               window: read16(bytes, tcp + 14), quirks: quirks, hasPayload: dataOffset != length,
                               totalHeaderLength: headerLength + dataOffset, sequence: sequence)
        packet.readOptions(bytes, from: tcp + 20, to: tcp + dataOffset)
        return .success(packet)
    }

    /// p0f's option walk: records the layout, MSS, window scale and TSval, and
    /// marks malformed options with the `bad` quirk (parsing stops there).
    private mutating func readOptions(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        var i = start, aborted = false
        walk: while i < end && layout.count < P0fOption.maximumCount {
            let kind = bytes[i]
            layout.append(kind)
            i += 1
            switch kind {
            case P0fOption.eol:
                eolPadding = end - i
                while i < end {
                    let byte = bytes[i]
                    i += 1
                    if byte != 0 { break }
                }
                if i != end { quirks.insert(.dataAfterEOL) }
                i = end
            case P0fOption.nop:
                continue
            case P0fOption.mss:
                guard i + 3 <= end else { aborted = true; break walk }
                if bytes[i] != 4 { quirks.insert(.badOptions) }
                mss = Self.read16(bytes, i + 1)
                i += 3
            case P0fOption.windowScale:
                guard i + 2 <= end else { aborted = true; break walk }
                if bytes[i] != 3 { quirks.insert(.badOptions) }
                windowScale = bytes[i + 1]
                if windowScale > 14 { quirks.insert(.excessiveWindowScale) }
                i += 2
            case P0fOption.sackPermitted:
                guard i + 1 <= end else { aborted = true; break walk }
                if bytes[i] != 2 { quirks.insert(.badOptions) }
                i += 1
            case P0fOption.timestamp:
                guard i + 9 <= end else { aborted = true; break walk }
                if bytes[i] != 10 { quirks.insert(.badOptions) }
                timestamp = Self.read32(bytes, i + 1)
                if timestamp == 0 { quirks.insert(.zeroTimestamp) }
                if self.kind == .syn, Self.read32(bytes, i + 5) != 0 {
                    quirks.insert(.nonZeroEchoedTimestamp)
                }
                i += 9
            default:
                // SACK (10–34 bytes) and unknown options (2–40 bytes) carry a length.
                guard i < end else { aborted = true; break walk }
                let optionLength = Int(bytes[i])
                let range = kind == P0fOption.sack ? 10...34 : 2...40
                guard range.contains(optionLength), i - 1 + optionLength <= end else { aborted = true; break walk }
                i += optionLength - 1
            }
        }
        if aborted || i != end { quirks.insert(.badOptions) }
    }

    private static func read16(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
        UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }

    private static func read32(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(read16(bytes, at)) << 16 | UInt32(read16(bytes, at + 2))
    }
}

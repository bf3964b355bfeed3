/// An IPv4 header (RFC 791) and its payload.
///
/// Lengths and the header checksum are computed unless overridden, so tests can
/// also build packets that lie about them.
public struct IPv4Packet: IPPacket {
    public var source: IPv4Address
    public var destination: IPv4Address
    public var payload: any IPPayload
    public var tos: UInt8 = 0
    public var identification: UInt16 = 0
    public var dontFragment = false
    public var moreFragments = false
    /// In 8-byte units, as on the wire.
    public var fragmentOffset: UInt16 = 0
    public var ttl: UInt8 = 64
    /// Raw option bytes; zero-padded to a multiple of 4 (0 is End of Option List).
    public var options: [UInt8] = []
    /// Replaces the computed protocol number (the payload's).
    public var protocolOverride: UInt8?
    /// Replaces the computed total length.
    public var totalLengthOverride: UInt16?
    public var checksum: ChecksumMode = .correct

    public init(source: IPv4Address, destination: IPv4Address, payload: any IPPayload,
                identification: UInt16 = 0, ttl: UInt8 = 64, dontFragment: Bool = false) {
        self.source = source
        self.destination = destination
        self.payload = payload
        self.identification = identification
        self.ttl = ttl
        self.dontFragment = dontFragment
    }

    public var protocolNumber: UInt8 { IPProtocolNumber.ipInIP }

    public var pseudoHeader: PseudoHeader {
        PseudoHeader(source: source.bytes, destination: destination.bytes)
    }

    /// The upper-layer bytes, transport checksum included.
    public func payloadBytes() -> [UInt8] {
        payload.bytes(pseudoHeader: pseudoHeader)
    }

    public func bytes() -> [UInt8] {
        let body = payloadBytes()
        return header(payloadLength: body.count, moreFragments: moreFragments, fragmentOffset: fragmentOffset) + body
    }

    /// One fragment holding `range` of the payload (range start must be a
    /// multiple of 8). Ranges may overlap or come out of order: the caller
    /// chooses, which is how reassembly edge cases are built.
    public func fragment(payloadRange range: Range<Int>, moreFragments more: Bool) -> [UInt8] {
        precondition(range.lowerBound % 8 == 0, "fragment offsets are in 8-byte units")
        let body = Array(payloadBytes()[range])
        return header(payloadLength: body.count, moreFragments: more, fragmentOffset: UInt16(range.lowerBound / 8)) + body
    }

    /// The datagram cut into consecutive fragments of `sizes` payload bytes (each
    /// but the last a multiple of 8); whatever is left forms a final fragment.
    public func fragments(payloadSizes sizes: [Int]) -> [[UInt8]] {
        let total = payloadBytes().count
        var fragments: [[UInt8]] = []
        var start = 0
        for size in sizes + [total] where start < total {
            let end = min(start + size, total)
            precondition(size % 8 == 0 || end == total, "non-final fragment sizes must be multiples of 8")
            fragments.append(fragment(payloadRange: start..<end, moreFragments: end < total))
            start = end
        }
        return fragments
    }

    private func header(payloadLength: Int, moreFragments more: Bool, fragmentOffset offset: UInt16) -> [UInt8] {
        var opts = options
        opts.pad(toMultipleOf: 4)
        let headerLength = 20 + opts.count
        var out: [UInt8] = [0x40 | UInt8(headerLength / 4), tos]
        out.appendBE(totalLengthOverride ?? UInt16(headerLength + payloadLength))
        out.appendBE(identification)
        out.appendBE((dontFragment ? 0x4000 : 0) | (more ? 0x2000 : 0) | (offset & 0x1FFF))
        out += [ttl, protocolOverride ?? payload.protocolNumber, 0, 0]
        out += source.bytes + destination.bytes + opts
        out.setBE(checksum.value(correct: InternetChecksum.compute(out)), at: 10)
        return out
    }
}

/// An IPv6 header (RFC 8200), its extension headers and the upper-layer payload.
public struct IPv6Packet: IPPacket {
    public var source: IPv6Address
    public var destination: IPv6Address
    public var payload: any IPPayload
    public var trafficClass: UInt8 = 0
    /// 20 bits.
    public var flowLabel: UInt32 = 0
    public var hopLimit: UInt8 = 64
    /// In wire order, between the fixed header and the payload.
    public var extensionHeaders: [IPv6ExtensionHeader] = []
    /// Replaces the computed payload length.
    public var payloadLengthOverride: UInt16?

    public init(source: IPv6Address, destination: IPv6Address, payload: any IPPayload,
                hopLimit: UInt8 = 64, extensionHeaders: [IPv6ExtensionHeader] = []) {
        self.source = source
        self.destination = destination
        self.payload = payload
        self.hopLimit = hopLimit
        self.extensionHeaders = extensionHeaders
    }

    public var protocolNumber: UInt8 { IPProtocolNumber.ipv6 }

    public var pseudoHeader: PseudoHeader {
        PseudoHeader(source: source.bytes, destination: destination.bytes)
    }

    public func bytes() -> [UInt8] {
        packet(extensionHeaders: extensionHeaders, body: payload.bytes(pseudoHeader: pseudoHeader), upperProtocol: payload.protocolNumber)
    }

    /// One fragment carrying `range` of the fragmentable part (the payload); the
    /// listed extension headers stay unfragmented ahead of the Fragment header.
    public func fragment(payloadRange range: Range<Int>, moreFragments more: Bool, identification: UInt32) -> [UInt8] {
        precondition(range.lowerBound % 8 == 0, "fragment offsets are in 8-byte units")
        let body = Array(payload.bytes(pseudoHeader: pseudoHeader)[range])
        let fragmentHeader = IPv6ExtensionHeader.fragment(offset: UInt16(range.lowerBound / 8), moreFragments: more, identification: identification)
        return packet(extensionHeaders: extensionHeaders + [fragmentHeader], body: body, upperProtocol: payload.protocolNumber)
    }

    /// The payload cut into consecutive fragments of `sizes` bytes (each but the
    /// last a multiple of 8); whatever is left forms a final fragment.
    public func fragments(payloadSizes sizes: [Int], identification: UInt32) -> [[UInt8]] {
        let total = payload.bytes(pseudoHeader: pseudoHeader).count
        var fragments: [[UInt8]] = []
        var start = 0
        for size in sizes + [total] where start < total {
            let end = min(start + size, total)
            precondition(size % 8 == 0 || end == total, "non-final fragment sizes must be multiples of 8")
            fragments.append(fragment(payloadRange: start..<end, moreFragments: end < total, identification: identification))
            start = end
        }
        return fragments
    }

    private func packet(extensionHeaders: [IPv6ExtensionHeader], body: [UInt8], upperProtocol: UInt8) -> [UInt8] {
        var chain: [UInt8] = []
        for (index, header) in extensionHeaders.enumerated() {
            let next = index + 1 < extensionHeaders.count ? extensionHeaders[index + 1].headerType : upperProtocol
            chain += header.bytes(nextHeader: next)
        }
        var out: [UInt8] = []
        out.reserveCapacity(40 + chain.count + body.count)
        out.appendBE(UInt32(6) << 28 | UInt32(trafficClass) << 20 | (flowLabel & 0xFFFFF))
        out.appendBE(payloadLengthOverride ?? UInt16(chain.count + body.count))
        out += [extensionHeaders.first?.headerType ?? upperProtocol, hopLimit]
        out += source.bytes + destination.bytes + chain + body
        return out
    }
}

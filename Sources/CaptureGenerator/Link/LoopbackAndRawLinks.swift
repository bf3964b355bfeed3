/// BSD loopback (LINKTYPE_NULL 0): a 4-byte address family in the *capturing
/// host's* byte order, so readers must accept both orders.
public struct NullLink: LinkLayer {
    /// AF_INET6 differs per BSD: 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS).
    public var ipv6Family: UInt32
    public var byteOrder: ByteOrder

    public init(ipv6Family: UInt32 = 30, byteOrder: ByteOrder = .littleEndian) {
        self.ipv6Family = ipv6Family
        self.byteOrder = byteOrder
    }

    public var linkType: UInt32 { PcapLinkType.null }

    public func frame(_ ipPacket: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.append(EtherTypeValue.forIPPacket(ipPacket) == EtherTypeValue.ipv6 ? ipv6Family : 2, order: byteOrder)
        return out + ipPacket
    }

    public func reversed() -> NullLink { self }
}

/// Bare IP with no link header: LINKTYPE_RAW (101, either version) or the
/// version-specific LINKTYPE_IPV4 (228) / LINKTYPE_IPV6 (229).
public struct RawIPLink: LinkLayer {
    public var linkType: UInt32

    public init(linkType: UInt32 = PcapLinkType.raw) {
        self.linkType = linkType
    }

    public func frame(_ ipPacket: [UInt8]) -> [UInt8] { ipPacket }

    public func reversed() -> RawIPLink { self }
}

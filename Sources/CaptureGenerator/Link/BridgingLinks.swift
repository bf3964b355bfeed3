/// IEEE 802.3 framing: the type field holds the payload's length, and an 802.2
/// LLC header with SNAP names the EtherType behind an organisation code.
public struct IEEE8023SNAPLink: LinkLayer {
    public var ethernet: EthernetLink
    /// Zero for EtherTypes; another OUI makes the protocol id private to that organisation.
    public var organization: UInt32
    /// 0x03 (unnumbered, one byte) or an I/S-format control field (two bytes).
    public var control: [UInt8]

    public init(ethernet: EthernetLink = EthernetLink(), organization: UInt32 = 0, control: [UInt8] = [0x03]) {
        self.ethernet = ethernet
        self.organization = organization
        self.control = control
    }

    public var linkType: UInt32 { PcapLinkType.ethernet }

    public func frame(_ ipPacket: [UInt8]) -> [UInt8] {
        var llc: [UInt8] = [0xAA, 0xAA] + control
        llc += [UInt8(truncatingIfNeeded: organization >> 16), UInt8(truncatingIfNeeded: organization >> 8),
                UInt8(truncatingIfNeeded: organization)]
        llc.appendBE(EtherTypeValue.forIPPacket(ipPacket))
        let payload = llc + ipPacket
        return ethernet.frame(etherType: UInt16(payload.count), payload: payload)
    }

    public func reversed() -> IEEE8023SNAPLink {
        var copy = self
        copy.ethernet = ethernet.reversed()
        return copy
    }
}

/// IEEE 802.1ah Provider Backbone Bridging: the backbone's Ethernet header and
/// EtherType 0x88E7, a 4-byte I-TAG (service id), then the customer's frame.
public struct PBBLink: LinkLayer {
    public var backbone: EthernetLink
    public var customer: EthernetLink
    public var serviceID: UInt32

    public init(backbone: EthernetLink = EthernetLink(source: 0x02_BB_00_00_00_01, destination: 0x02_BB_00_00_00_02),
                customer: EthernetLink = EthernetLink(), serviceID: UInt32 = 0x0012_3456) {
        self.backbone = backbone
        self.customer = customer
        self.serviceID = serviceID
    }

    public var linkType: UInt32 { PcapLinkType.ethernet }

    public func frame(_ ipPacket: [UInt8]) -> [UInt8] {
        var tag: [UInt8] = []
        tag.appendBE(serviceID & 0x00FF_FFFF)
        return backbone.frame(etherType: 0x88E7, payload: tag + customer.frame(ipPacket))
    }

    public func reversed() -> PBBLink {
        var copy = self
        copy.backbone = backbone.reversed()
        copy.customer = customer.reversed()
        return copy
    }
}

/// Linux NFLOG (LINKTYPE_NFLOG 239): address family, version 0, resource id,
/// then little-endian type-length-value records padded to four bytes; the
/// packet is the value of type 9, here after a prefix (type 10) record.
public struct NFLOGLink: LinkLayer {
    public var prefix: String

    public init(prefix: String = "otsensor") { self.prefix = prefix }

    public var linkType: UInt32 { PcapLinkType.nflog }

    public func frame(_ ipPacket: [UInt8]) -> [UInt8] {
        let family: UInt8 = EtherTypeValue.forIPPacket(ipPacket) == EtherTypeValue.ipv6 ? 10 : 2
        var out: [UInt8] = [family, 0, 0, 0]
        let text = Array(prefix.utf8) + [0]
        out.append(UInt16(4 + text.count), order: .littleEndian)
        out.append(UInt16(10), order: .littleEndian)
        out += text
        out.pad(toMultipleOf: 4)
        out.append(UInt16(4 + ipPacket.count), order: .littleEndian)
        out.append(UInt16(9), order: .littleEndian)
        return out + ipPacket
    }

    public func reversed() -> NFLOGLink { self }
}

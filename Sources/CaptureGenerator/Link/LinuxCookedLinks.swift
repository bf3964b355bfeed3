/// Linux "cooked" capture v1 (SLL, LINKTYPE 113): what `tcpdump -i any` writes.
public struct LinuxCookedLink: LinkLayer {
    /// 0 = addressed to this host, 4 = sent by this host.
    public var packetType: UInt16
    public var address: EthernetAddress

    public init(packetType: UInt16 = 4, address: EthernetAddress = 0x02_00_00_00_00_01) {
        self.packetType = packetType
        self.address = address
    }

    public var linkType: UInt32 { PcapLinkType.linuxSLL }

    public func frame(_ ipPacket: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.appendBE(packetType)
        out.appendBE(UInt16(1))  // ARPHRD_ETHER
        out.appendBE(UInt16(6))
        out += address.bytes + [0, 0]
        out.appendBE(EtherTypeValue.forIPPacket(ipPacket))
        return out + ipPacket
    }

    /// Replies are the other direction: outgoing becomes incoming and back.
    public func reversed() -> LinuxCookedLink {
        LinuxCookedLink(packetType: packetType == 4 ? 0 : 4, address: address)
    }
}

/// Linux cooked capture v2 (SLL2, LINKTYPE 276), which adds the interface index.
public struct LinuxCooked2Link: LinkLayer {
    public var interfaceIndex: UInt32
    public var packetType: UInt8
    public var address: EthernetAddress

    public init(interfaceIndex: UInt32 = 2, packetType: UInt8 = 4, address: EthernetAddress = 0x02_00_00_00_00_01) {
        self.interfaceIndex = interfaceIndex
        self.packetType = packetType
        self.address = address
    }

    public var linkType: UInt32 { PcapLinkType.linuxSLL2 }

    public func frame(_ ipPacket: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.appendBE(EtherTypeValue.forIPPacket(ipPacket))
        out.appendBE(UInt16(0))
        out.appendBE(interfaceIndex)
        out.appendBE(UInt16(1))  // ARPHRD_ETHER
        out += [packetType, 6] + address.bytes + [0, 0]
        return out + ipPacket
    }

    public func reversed() -> LinuxCooked2Link {
        LinuxCooked2Link(interfaceIndex: interfaceIndex, packetType: packetType == 4 ? 0 : 4, address: address)
    }
}

/// PPP in HDLC-like framing (LINKTYPE_PPP_HDLC, RFC 1662): address 0xFF,
/// control 0x03, then the PPP protocol number.
public struct PPPSerialLink: LinkLayer {
    public init() {}

    public var linkType: UInt32 { PcapLinkType.pppSerial }

    public func frame(_ ipPacket: [UInt8]) -> [UInt8] {
        let pppProtocol: UInt16 = EtherTypeValue.forIPPacket(ipPacket) == EtherTypeValue.ipv6 ? 0x0057 : 0x0021
        var out: [UInt8] = [0xFF, 0x03]
        out.appendBE(pppProtocol)
        return out + ipPacket
    }

    public func reversed() -> PPPSerialLink { self }
}

/// FDDI: frame control, destination and source addresses, then 802.2
/// LLC/SNAP naming the EtherType.
public struct FDDILink: LinkLayer {
    public var source: EthernetAddress
    public var destination: EthernetAddress

    public init(source: EthernetAddress = 0x02_00_00_00_00_01, destination: EthernetAddress = 0x02_00_00_00_00_02) {
        self.source = source
        self.destination = destination
    }

    public var linkType: UInt32 { PcapLinkType.fddi }

    public func frame(_ ipPacket: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x50] + destination.bytes + source.bytes  // frame control: asynchronous LLC frame
        out += [0xAA, 0xAA, 0x03, 0, 0, 0]
        out.appendBE(EtherTypeValue.forIPPacket(ipPacket))
        return out + ipPacket
    }

    public func reversed() -> FDDILink { FDDILink(source: destination, destination: source) }
}

/// 802.11 as captured on the air (LINKTYPE_IEEE802_11): the station's frames
/// go to the distribution system, the answers come from it.
public struct IEEE80211Link: LinkLayer {
    public var frameFormat: IEEE80211Frame

    public init(frameFormat: IEEE80211Frame = IEEE80211Frame(toDS: true, fromDS: false, qos: true)) {
        self.frameFormat = frameFormat
    }

    public var linkType: UInt32 { PcapLinkType.ieee80211 }

    public func frame(_ ipPacket: [UInt8]) -> [UInt8] { frameFormat.frame(ipPacket) }

    /// The answer travels from the DS: address 1 is the station, 2 the access
    /// point, 3 the original sender.
    public func reversed() -> IEEE80211Link {
        var copy = frameFormat
        let a = frameFormat.addresses
        copy.toDS = frameFormat.fromDS
        copy.fromDS = frameFormat.toDS
        copy.addresses = [a[1], a[0], a[2]] + a.dropFirst(3)
        return IEEE80211Link(frameFormat: copy)
    }
}

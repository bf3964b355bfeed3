/// One 802.1Q (TPID 0x8100) or 802.1ad (TPID 0x88a8) tag.
public struct VLANTag: Sendable {
    public var tpid: UInt16
    public var id: UInt16
    public var priority: UInt8
    public var dropEligible: Bool

    public init(id: UInt16, priority: UInt8 = 0, dropEligible: Bool = false, tpid: UInt16 = EtherTypeValue.vlan) {
        self.tpid = tpid
        self.id = id
        self.priority = priority
        self.dropEligible = dropEligible
    }

    var tci: UInt16 { UInt16(priority & 7) << 13 | (dropEligible ? 0x1000 : 0) | (id & 0x0FFF) }
}

/// Ethernet II, with optional VLAN tags and an optional MPLS or PPPoE shim
/// between the Ethernet header and IP.
public struct EthernetLink: LinkLayer {
    public enum Shim: Sendable {
        case none
        case mpls([MPLSLabel])
        case pppoe(sessionID: UInt16)
    }

    public var source: EthernetAddress
    public var destination: EthernetAddress
    /// Outermost first.
    public var vlanTags: [VLANTag]
    public var shim: Shim
    /// Pads short frames to the 60-byte Ethernet minimum, as a sending NIC does;
    /// readers must then rely on IP lengths, not frame length.
    public var padsToMinimum: Bool

    public init(source: EthernetAddress = 0x02_00_00_00_00_01, destination: EthernetAddress = 0x02_00_00_00_00_02,
                vlanTags: [VLANTag] = [], shim: Shim = .none, padsToMinimum: Bool = false) {
        self.source = source
        self.destination = destination
        self.vlanTags = vlanTags
        self.shim = shim
        self.padsToMinimum = padsToMinimum
    }

    public var linkType: UInt32 { PcapLinkType.ethernet }

    public func frame(_ ipPacket: [UInt8]) -> [UInt8] {
        switch shim {
        case .none: return frame(etherType: EtherTypeValue.forIPPacket(ipPacket), payload: ipPacket)
        case .mpls(let labels): return frame(etherType: EtherTypeValue.mpls, payload: MPLSLabel.stack(labels, carrying: ipPacket))
        case .pppoe(let session): return frame(etherType: EtherTypeValue.pppoeSession, payload: PPPoESession.bytes(sessionID: session, carrying: ipPacket))
        }
    }

    /// A frame with any EtherType and payload (also the inner frame of VXLAN/Geneve/GRE bridging).
    public func frame(etherType: UInt16, payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(14 + 4 * vlanTags.count + payload.count)
        out += destination.bytes
        out += source.bytes
        for tag in vlanTags {
            out.appendBE(tag.tpid)
            out.appendBE(tag.tci)
        }
        out.appendBE(etherType)
        out += payload
        if padsToMinimum && out.count < 60 { out += repeatElement(0, count: 60 - out.count) }
        return out
    }

    public func reversed() -> EthernetLink {
        var copy = self
        (copy.source, copy.destination) = (destination, source)
        return copy
    }
}

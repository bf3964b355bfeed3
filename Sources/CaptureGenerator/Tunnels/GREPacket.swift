/// GRE (RFC 2784/2890, and RFC 2637's enhanced GRE for PPTP), with the optional
/// checksum, key, sequence and acknowledgement fields a sender may add.
///
/// IP-in-IP needs no type of its own: an `IPv4Packet`/`IPv6Packet` is itself an
/// `IPPayload` with protocol 4/41.
public struct GREPacket: IPPayload {
    /// The EtherType of what follows: IPv4, IPv6, 0x6558 for a bridged Ethernet
    /// frame, 0x88BE/0x22EB for ERSPAN, 0x880B for PPP, 0x8200... for Aruba.
    public var protocolType: UInt16
    public var payload: [UInt8]
    /// 0, or 1 for enhanced GRE (PPTP), which always carries a key.
    public var version: UInt8 = 0
    public var checksum: UInt16?
    public var key: UInt32?
    public var sequenceNumber: UInt32?
    public var acknowledgementNumber: UInt32?

    public init(protocolType: UInt16, payload: [UInt8]) {
        self.protocolType = protocolType
        self.payload = payload
    }

    public init(carrying packet: any IPPacket) {
        let bytes = packet.bytes()
        self.init(protocolType: EtherTypeValue.forIPPacket(bytes), payload: bytes)
    }

    /// Transparent Ethernet bridging: a whole Ethernet frame inside GRE.
    public init(bridging ethernetFrame: [UInt8]) {
        self.init(protocolType: EtherTypeValue.transparentEthernetBridging, payload: ethernetFrame)
    }

    /// PPTP's data channel: enhanced GRE with the call id as key and a PPP
    /// header (address 0xFF, control 0x03, protocol) before the IP packet.
    public static func pptp(callID: UInt16, sequenceNumber: UInt32, carrying packet: any IPPacket) -> GREPacket {
        let bytes = packet.bytes()
        let pppProtocol: UInt16 = EtherTypeValue.forIPPacket(bytes) == EtherTypeValue.ipv6 ? 0x0057 : 0x0021
        var ppp: [UInt8] = [0xFF, 0x03]
        ppp.appendBE(pppProtocol)
        var gre = GREPacket(protocolType: 0x880B, payload: ppp + bytes)
        gre.version = 1
        gre.key = UInt32(ppp.count + bytes.count) << 16 | UInt32(callID)
        gre.sequenceNumber = sequenceNumber
        return gre
    }

    public var protocolNumber: UInt8 { IPProtocolNumber.gre }

    public func bytes(pseudoHeader: PseudoHeader) -> [UInt8] {
        var flags: UInt16 = UInt16(version & 0x07)
        if checksum != nil { flags |= 0x8000 }
        if key != nil { flags |= 0x2000 }
        if sequenceNumber != nil { flags |= 0x1000 }
        if acknowledgementNumber != nil { flags |= 0x0080 }
        var out: [UInt8] = []
        out.appendBE(flags)
        out.appendBE(protocolType)
        if let checksum { out.appendBE(checksum); out.appendBE(UInt16(0)) }
        if let key { out.appendBE(key) }
        if let sequenceNumber { out.appendBE(sequenceNumber) }
        if let acknowledgementNumber { out.appendBE(acknowledgementNumber) }
        return out + payload
    }
}

/// ERSPAN, Cisco's mirrored-traffic encapsulation in GRE: type I has no header
/// of its own, type II an 8-byte header (and GRE's sequence number), type III
/// a 12-byte header with an optional 8-byte platform sub-header.
public enum ERSPAN {
    public static func typeI(mirroring frame: [UInt8]) -> GREPacket {
        GREPacket(protocolType: 0x88BE, payload: frame)
    }

    public static func typeII(sessionID: UInt16, sequenceNumber: UInt32, mirroring frame: [UInt8]) -> GREPacket {
        var header: [UInt8] = []
        header.appendBE(UInt16(0x1000))  // version 1 (type II), VLAN 0
        header.appendBE(sessionID & 0x03FF)
        header.appendBE(UInt32(0))       // reserved, index
        var gre = GREPacket(protocolType: 0x88BE, payload: header + frame)
        gre.sequenceNumber = sequenceNumber
        return gre
    }

    public static func typeIII(sessionID: UInt16, platformSubheader: Bool, mirroring frame: [UInt8]) -> GREPacket {
        var header: [UInt8] = []
        header.appendBE(UInt16(0x2000))  // version 2 (type III), VLAN 0
        header.appendBE(sessionID & 0x03FF)
        header.appendBE(UInt32(0))       // timestamp
        header.appendBE(UInt16(0))       // security group tag
        header.append(0)
        header.append(platformSubheader ? 0x01 : 0x00)  // O bit: a platform sub-header follows
        if platformSubheader { header += [UInt8](repeating: 0, count: 8) }
        return GREPacket(protocolType: 0x22EB, payload: header + frame)
    }
}

/// GRE (RFC 2784) with the basic 4-byte header: no checksum, key or sequence.
///
/// IP-in-IP needs no type of its own: an `IPv4Packet`/`IPv6Packet` is itself an
/// `IPPayload` with protocol 4/41.
public struct GREPacket: IPPayload {
    /// The EtherType of what follows: IPv4, IPv6, or 0x6558 for a bridged Ethernet frame.
    public var protocolType: UInt16
    public var payload: [UInt8]

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

    public var protocolNumber: UInt8 { IPProtocolNumber.gre }

    public func bytes(pseudoHeader: PseudoHeader) -> [UInt8] {
        var out: [UInt8] = [0, 0]  // no optional fields, version 0
        out.appendBE(protocolType)
        return out + payload
    }
}

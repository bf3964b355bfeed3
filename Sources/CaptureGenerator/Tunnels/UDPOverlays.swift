/// VXLAN (RFC 7348): an 8-byte header before an inner Ethernet frame, in UDP to
/// port 4789.
public struct VXLANHeader: Sendable {
    public static let port: UInt16 = 4789
    /// 24-bit VXLAN network identifier.
    public var vni: UInt32

    public init(vni: UInt32) {
        self.vni = vni
    }

    public func bytes(carrying innerFrame: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x08, 0, 0, 0]  // I flag: the VNI is valid
        out.appendBE((vni & 0xFF_FFFF) << 8)
        return out + innerFrame
    }

    /// The UDP datagram a VTEP sends; the source port is the VTEP's flow hash.
    public func datagram(sourcePort: UInt16, carrying innerFrame: [UInt8]) -> UDPDatagram {
        UDPDatagram(sourcePort: sourcePort, destinationPort: Self.port, payload: bytes(carrying: innerFrame))
    }
}

/// Geneve (RFC 8926): like VXLAN on UDP 6081, plus a protocol type and options.
public struct GeneveHeader: Sendable {
    public static let port: UInt16 = 6081
    public var vni: UInt32
    /// EtherType of the payload; 0x6558 for an Ethernet frame.
    public var protocolType: UInt16
    /// Option TLVs, zero-padded to a multiple of 4.
    public var options: [UInt8]

    public init(vni: UInt32, protocolType: UInt16 = EtherTypeValue.transparentEthernetBridging, options: [UInt8] = []) {
        self.vni = vni
        self.protocolType = protocolType
        self.options = options
    }

    public func bytes(carrying payload: [UInt8]) -> [UInt8] {
        var opts = options
        opts.pad(toMultipleOf: 4)
        var out: [UInt8] = [UInt8(opts.count / 4), 0]  // version 0, option length in words; no O/C flags
        out.appendBE(protocolType)
        out.appendBE((vni & 0xFF_FFFF) << 8)
        return out + opts + payload
    }

    public func datagram(sourcePort: UInt16, carrying payload: [UInt8]) -> UDPDatagram {
        UDPDatagram(sourcePort: sourcePort, destinationPort: Self.port, payload: bytes(carrying: payload))
    }
}

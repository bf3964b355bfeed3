/// A packet found inside a tunnel, and whether the outer packet is itself a
/// connection (UDP tunnels are; IP-in-IP and GRE are not, as in Zeek).
public struct Decapsulated {
    public var inner: PacketInfo
    public var outcome: DecodeOutcome
    public var kind: TunnelKind
    public var outerIsConnection: Bool
}

/// The tunnels Zeek decapsulates by default, keyed by IP protocol or UDP port:
/// IP-in-IP (4, 41), GRE (47, and GRE over UDP 4754), VXLAN (4789), Geneve
/// (6081), Teredo (3544), AYIYA (5072) and GTP-U (2152). The inner packet is
/// decoded in place (its offsets point into the same frame).
extension PacketDecoder {
    /// Tunnels inside tunnels beyond this depth are not followed (counted).
    public static let maximumTunnelDepth = 3

    public func decapsulate(_ outer: PacketInfo, bytes: UnsafeRawBufferPointer) -> Decapsulated? {
        switch outer.ipProtocol {
        case 4, 41:
            return inner(outer, bytes, at: outer.transportOffset, kind: .ipInIP, outerIsConnection: false) {
                $0.decodeIPByVersion(&$1, into: &$2)
            }
        case 47:
            return gre(outer, bytes, at: outer.transportOffset, outerIsConnection: false)
        case 17:
            return udpTunnel(outer, bytes)
        default:
            return nil
        }
    }

    private func udpTunnel(_ outer: PacketInfo, _ bytes: UnsafeRawBufferPointer) -> Decapsulated? {
        let start = outer.payloadOffset
        let available = outer.capturedPayloadLength
        func port(_ p: UInt16) -> Bool { outer.destinationPort == p || outer.sourcePort == p }
        if outer.destinationPort == 4789, available >= 8, bytes[start] & 0x08 != 0 {
            return inner(outer, bytes, at: start + 8, kind: .vxlan, outerIsConnection: true) {
                $0.decodeEthernet(&$1, into: &$2)
            }
        }
        if outer.destinationPort == 6081, available >= 8 {
            let optionsLength = Int(bytes[start] & 0x3F) * 4
            let type = be16(bytes, start + 2)
            guard available >= 8 + optionsLength else { return nil }
            return inner(outer, bytes, at: start + 8 + optionsLength, kind: .geneve, outerIsConnection: true) {
                type == 0x6558 ? $0.decodeEthernet(&$1, into: &$2) : $0.decodeEtherType(type, &$1, into: &$2)
            }
        }
        if outer.destinationPort == 4754 {
            return gre(outer, bytes, at: start, outerIsConnection: true)
        }
        if port(2152), available >= 8, bytes[start] >> 5 == 1, bytes[start + 1] == 0xFF {
            let hasOptional = bytes[start] & 0x07 != 0
            var offset = start + 8 + (hasOptional ? 4 : 0)
            if hasOptional && bytes[start] & 0x04 != 0 {
                while offset < start + available {
                    let length = Int(bytes[offset - 1 < start ? start : offset - 1])
                    guard length > 0, bytes[offset - 1] != 0 else { break }
                    offset += length * 4
                }
            }
            return inner(outer, bytes, at: offset, kind: .gtpv1, outerIsConnection: true) {
                $0.decodeIPByVersion(&$1, into: &$2)
            }
        }
        if port(3544) {
            return teredo(outer, bytes, start: start, available: available)
        }
        if port(5072), available >= 8 {
            let identityLength = 1 << Int(bytes[start] >> 4)
            let signatureLength = Int(bytes[start + 1] >> 4) * 4
            let next = bytes[start + 3]
            guard next == 4 || next == 41 else { return nil }
            return inner(outer, bytes, at: start + 8 + identityLength + signatureLength, kind: .ayiya,
                         outerIsConnection: true) { $0.decodeIPByVersion(&$1, into: &$2) }
        }
        return nil
    }

    /// Teredo: an IPv6 packet, optionally after authentication and origin
    /// indication headers; anything else on the port is not Teredo.
    private func teredo(_ outer: PacketInfo, _ bytes: UnsafeRawBufferPointer, start: Int, available: Int) -> Decapsulated? {
        var offset = start
        let end = start + available
        if offset + 2 <= end && be16(bytes, offset) == 0x0001 {
            guard offset + 4 <= end else { return nil }
            offset += 4 + Int(bytes[offset + 2]) + Int(bytes[offset + 3]) + 9
        }
        if offset + 2 <= end && be16(bytes, offset) == 0x0000 { offset += 8 }
        guard offset + 40 <= end, bytes[offset] >> 4 == 6,
              Int(be16(bytes, offset + 4)) + 40 <= end - offset else { return nil }
        return inner(outer, bytes, at: offset, kind: .teredo, outerIsConnection: true) {
            $0.decodeIPv6(&$1, into: &$2)
        }
    }

    /// GRE versions 0 and 1 (PPTP), carrying IP, PPP, Ethernet (0x6558),
    /// ERSPAN types II and III, or Aruba's 802.11 frames.
    private func gre(_ outer: PacketInfo, _ bytes: UnsafeRawBufferPointer, at start: Int,
                     outerIsConnection: Bool) -> Decapsulated? {
        guard bytes.count >= start + 4 else { return nil }
        let flags = bytes[start], version = bytes[start + 1] & 0x07
        let type = be16(bytes, start + 2)
        var offset = start + 4
        if version == 0 {
            if flags & 0x80 != 0 { offset += 4 }
            if flags & 0x20 != 0 { offset += 4 }
            if flags & 0x10 != 0 { offset += 4 }
        } else if version == 1 {
            offset += 4
            if flags & 0x10 != 0 { offset += 4 }
            if bytes[start + 1] & 0x80 != 0 { offset += 4 }
        } else {
            return nil
        }
        guard offset <= bytes.count else { return nil }
        switch type {
        case 0x0800, 0x86DD:
            return inner(outer, bytes, at: offset, kind: .gre, outerIsConnection: outerIsConnection) {
                $0.decodeIPByVersion(&$1, into: &$2)
            }
        case 0x880B:
            return inner(outer, bytes, at: offset, kind: .gre, outerIsConnection: outerIsConnection) {
                $0.decodePPP(&$1, into: &$2)
            }
        case 0x6558:
            return inner(outer, bytes, at: offset, kind: .gre, outerIsConnection: outerIsConnection) {
                $0.decodeEthernet(&$1, into: &$2)
            }
        case 0x88BE:
            return inner(outer, bytes, at: offset + 8, kind: .gre, outerIsConnection: outerIsConnection) {
                $0.decodeEthernet(&$1, into: &$2)
            }
        case 0x22EB:
            guard bytes.count >= offset + 12 else { return nil }
            let subheader = bytes[offset + 11] & 0x01 != 0 ? 8 : 0
            return inner(outer, bytes, at: offset + 12 + subheader, kind: .gre,
                         outerIsConnection: outerIsConnection) { $0.decodeEthernet(&$1, into: &$2) }
        case 0x8200...0x8245:
            return inner(outer, bytes, at: offset, kind: .gre, outerIsConnection: outerIsConnection) {
                $0.decodeIEEE80211(&$1, into: &$2)
            }
        default:
            return nil
        }
    }

    private func inner(_ outer: PacketInfo, _ bytes: UnsafeRawBufferPointer, at offset: Int, kind: TunnelKind,
                       outerIsConnection: Bool,
                       decode: (PacketDecoder, inout ByteCursor, inout PacketInfo) -> DecodeOutcome) -> Decapsulated? {
        guard offset < bytes.count else { return nil }
        var info = PacketInfo()
        info.timestamp = outer.timestamp
        info.wireLength = outer.wireLength
        info.capturedLength = outer.capturedLength
        let ports = FlowPorts(outer)
        let key = kind.isConnection ? ports.key(for: outer) : tunnelKey(outer, ipProtocol: kind == .gre ? 47 : outer.ipProtocol)
        info.tunnel = TunnelOrigin(outer: key, kind: kind)
        var cursor = ByteCursor(bytes, offset: offset)
        let outcome = decode(self, &cursor, &info)
        return Decapsulated(inner: info, outcome: outcome, kind: kind, outerIsConnection: outerIsConnection)
    }

    /// IP-level tunnels (also GRE carried over UDP) are identified by their
    /// endpoint addresses and protocol, as Zeek's tunnel map is.
    private func tunnelKey(_ outer: PacketInfo, ipProtocol: UInt8) -> FlowKey {
        FlowKey(source: outer.source, sourcePort: 0, destination: outer.destination, destinationPort: 0,
                ipProtocol: ipProtocol)
    }
}

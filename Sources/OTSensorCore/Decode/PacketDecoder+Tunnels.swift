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
        // Zeek hands a datagram to a tunnel analyzer by its connection's
        // responder port, and the tunnel ports are likely server ports, so the
        // port may be on either side of the packet.
        func port(_ p: UInt16) -> Bool { outer.destinationPort == p || outer.sourcePort == p }
        if port(4789), available >= 8, bytes[start] & 0x08 != 0 {
            return inner(outer, bytes, at: start + 8, kind: .vxlan, outerIsConnection: true) {
                $0.decodeEthernet(&$1, into: &$2)
            }
        }
        if port(6081), available >= 8, bytes[start] >> 6 == 0 {
            let optionsLength = Int(bytes[start] & 0x3F) * 4
            let type = be16(bytes, start + 2)
            guard available >= 8 + optionsLength else { return nil }
            return inner(outer, bytes, at: start + 8 + optionsLength, kind: .geneve, outerIsConnection: true) {
                type == 0x6558 ? $0.decodeEthernet(&$1, into: &$2) : $0.decodeEtherType(type, &$1, into: &$2)
            }
        }
        if port(4754) {
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
        if port(5072) {
            return ayiya(outer, bytes, start: start, available: available)
        }
        // On any other port Zeek's UDP analyzer asks the tunnels registered for
        // protocol detection, in order, whether the datagram is theirs.
        let payload = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + available)])
        if TunnelDetection.looksLikeTeredo(payload) {
            return teredo(outer, bytes, start: start, available: available)
        }
        if TunnelDetection.looksLikeAYIYA(payload) {
            return ayiya(outer, bytes, start: start, available: available)
        }
        return nil
    }

    private func ayiya(_ outer: PacketInfo, _ bytes: UnsafeRawBufferPointer, start: Int, available: Int) -> Decapsulated? {
        guard available >= 8 else { return nil }
        let identityLength = 1 << Int(bytes[start] >> 4)
        let signatureLength = Int(bytes[start + 1] >> 4) * 4
        let next = bytes[start + 3]
        guard next == 4 || next == 41 else { return nil }
        return inner(outer, bytes, at: start + 8 + identityLength + signatureLength, kind: .ayiya,
                     outerIsConnection: true) { $0.decodeIPByVersion(&$1, into: &$2) }
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

    /// GRE as Zeek's GRE analyzer takes it apart: version 0 carries IP, a
    /// bridged Ethernet frame (0x6558), ERSPAN type I/II (0x88BE, type II when
    /// the sequence bit is set) or III (0x22EB), or Aruba's 802.11 frames;
    /// version 1 is PPTP and carries PPP-framed IP only. The deprecated routing
    /// bit and the reserved flag bits make Zeek drop the packet, and so do we.
    private func gre(_ outer: PacketInfo, _ bytes: UnsafeRawBufferPointer, at start: Int,
                     outerIsConnection: Bool) -> Decapsulated? {
        let refused = Decapsulated(inner: PacketInfo(), outcome: .skipped(.undecodableGRE), kind: .gre,
                                   outerIsConnection: outerIsConnection)
        guard bytes.count >= start + 4 else { return refused }
        let flags = be16(bytes, start), type = be16(bytes, start + 2)
        let version = flags & 0x0007
        guard version <= 1, flags & 0x4000 == 0, flags & 0x0078 == 0 else { return refused }
        var offset = start + 4
        if flags & 0x8000 != 0 { offset += 4 }  // checksum
        if flags & 0x2000 != 0 { offset += 4 }  // key
        if flags & 0x1000 != 0 { offset += 4 }  // sequence number
        if flags & 0x0080 != 0 { offset += 4 }  // acknowledgement number (PPTP)
        func forward(_ at: Int, _ decode: (PacketDecoder, inout ByteCursor, inout PacketInfo) -> DecodeOutcome)
            -> Decapsulated? {
            inner(outer, bytes, at: at, kind: .gre, outerIsConnection: outerIsConnection, decode: decode)
        }
        if version == 1 {
            // PPTP: a PPP header (address, control, protocol) before raw IP.
            guard type == 0x880B, bytes.count >= offset + 4 else { return refused }
            let pppProtocol = be16(bytes, offset + 2)
            guard pppProtocol == 0x0021 || pppProtocol == 0x0057 else { return refused }
            return forward(offset + 4) { $0.decodeIPByVersion(&$1, into: &$2) } ?? refused
        }
        switch type {
        case 0x6558:
            guard bytes.count > offset + 14 else { return refused }
            return forward(offset) { $0.decodeEthernet(&$1, into: &$2) } ?? refused
        case 0x88BE:
            let erspanLength = flags & 0x1000 != 0 ? 8 : 0
            guard bytes.count > offset + 14, bytes.count >= offset + 14 + erspanLength else { return refused }
            return forward(offset + erspanLength) { $0.decodeEthernet(&$1, into: &$2) } ?? refused
        case 0x22EB:
            guard bytes.count > offset + 14 + 12 else { return refused }
            let optional = bytes[offset + 11] & 0x01 != 0 ? 8 : 0
            guard bytes.count > offset + 12 + optional + 14 else { return refused }
            return forward(offset + 12 + optional) { $0.decodeEthernet(&$1, into: &$2) } ?? refused
        case _ where Self.isArubaProtocol(type):
            return forward(offset) { $0.decodeIEEE80211(&$1, into: &$2) } ?? refused
        default:
            // Zeek hands every other payload type to its IP-tunnel analyzer as raw IP.
            return forward(offset) { $0.decodeIPByVersion(&$1, into: &$2) } ?? refused
        }
    }

    /// The GRE protocol types Aruba access points send 802.11 frames under,
    /// as Zeek registers them: 0x8200 to 0x8370 in steps of 0x10.
    static func isArubaProtocol(_ type: UInt16) -> Bool {
        (0x8200...0x8370).contains(type) && type & 0x000F == 0
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

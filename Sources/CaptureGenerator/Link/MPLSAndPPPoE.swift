/// One MPLS label stack entry (RFC 3032); the bottom-of-stack bit is set for you.
public struct MPLSLabel: Sendable {
    public var label: UInt32
    public var trafficClass: UInt8
    public var ttl: UInt8

    public init(_ label: UInt32, trafficClass: UInt8 = 0, ttl: UInt8 = 64) {
        self.label = label
        self.trafficClass = trafficClass
        self.ttl = ttl
    }

    /// The label stack followed by the IP packet; MPLS has no payload type field,
    /// so readers must guess IPv4/IPv6 from the first nibble, as routers do.
    static func stack(_ labels: [MPLSLabel], carrying payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, entry) in labels.enumerated() {
            let bottom: UInt32 = index == labels.count - 1 ? 1 : 0
            out.appendBE((entry.label & 0xFFFFF) << 12 | UInt32(entry.trafficClass & 7) << 9 | bottom << 8 | UInt32(entry.ttl))
        }
        return out + payload
    }
}

/// PPPoE session stage (RFC 2516) carrying PPP-framed IP.
enum PPPoESession {
    static func bytes(sessionID: UInt16, carrying ipPacket: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x11, 0x00]  // version 1, type 1; code 0 = session data
        out.appendBE(sessionID)
        out.appendBE(UInt16(ipPacket.count + 2))
        out.appendBE(EtherTypeValue.forIPPacket(ipPacket) == EtherTypeValue.ipv6 ? UInt16(0x0057) : 0x0021)
        return out + ipPacket
    }
}

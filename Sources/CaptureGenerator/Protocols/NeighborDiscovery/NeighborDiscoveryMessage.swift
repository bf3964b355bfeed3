/// ICMPv6 Neighbor Solicitation / Advertisement (RFC 4861 §4.3–4.4) with
/// link-layer address options, as ICMPv6 messages for an IPv6Packet.
public enum NeighborDiscoveryMessage {
    /// One ND option; `lengthUnits` overrides the length byte (units of 8 bytes).
    public struct Option: Sendable {
        public var type: UInt8
        public var value: [UInt8]
        public var lengthUnits: UInt8?

        public init(type: UInt8, value: [UInt8], lengthUnits: UInt8? = nil) {
            self.type = type
            self.value = value
            self.lengthUnits = lengthUnits
        }

        public static func sourceLinkAddress(_ mac: EthernetAddress) -> Option { Option(type: 1, value: mac.bytes) }
        public static func targetLinkAddress(_ mac: EthernetAddress) -> Option { Option(type: 2, value: mac.bytes) }

        var bytes: [UInt8] {
            let padded = value + [UInt8](repeating: 0, count: (8 - (value.count + 2) % 8) % 8)
            return [type, lengthUnits ?? UInt8((padded.count + 2) / 8)] + padded
        }
    }

    public static func solicitation(target: IPv6Address, options: [Option] = []) -> ICMPv6Message {
        ICMPv6Message(type: 135, payload: target.bytes + options.flatMap(\.bytes))
    }

    /// `solicited` and `override` set the S and O flags.
    public static func advertisement(target: IPv6Address, solicited: Bool = true, override: Bool = true,
                                     options: [Option] = []) -> ICMPv6Message {
        let flags: UInt32 = (solicited ? 0x4000_0000 : 0) | (override ? 0x2000_0000 : 0)
        return ICMPv6Message(type: 136, restOfHeader: flags, payload: target.bytes + options.flatMap(\.bytes))
    }
}

/// A packet's connection "ports": TCP/UDP ports, or for ICMP the message type
/// and its counterpart type (or code), as Zeek keys ICMP connections.
public struct FlowPorts: Sendable {
    public var source: UInt16
    public var destination: UInt16
    /// ICMP messages with no reply type are keyed one-way (not canonicalised).
    public var isOneWay: Bool

    public init(_ packet: PacketInfo) {
        switch packet.ipProtocol {
        case 6, 17:
            source = packet.sourcePort
            destination = packet.destinationPort
            isOneWay = false
        case 1:
            (source, destination, isOneWay) = FlowPorts.icmpv4(packet.icmpType, packet.icmpCode)
        case 58:
            (source, destination, isOneWay) = FlowPorts.icmpv6(packet.icmpType, packet.icmpCode)
        default:
            source = 0
            destination = 0
            isOneWay = false
        }
    }

    /// Request/reply type pairs: a message of either type is keyed with its
    /// counterpart as the "responder port"; any other type is one-way, keyed
    /// with its code.
    private static let icmpv4Pairs: [(UInt8, UInt8)] = [(8, 0), (13, 14), (15, 16), (10, 9), (17, 18)]
    private static let icmpv6Pairs: [(UInt8, UInt8)] = [
        (128, 129), (133, 134), (135, 136), (130, 131), (139, 140), (144, 145),
    ]

    private static func icmpv4(_ type: UInt8, _ code: UInt8) -> (UInt16, UInt16, Bool) {
        keyed(type, code, pairs: icmpv4Pairs)
    }

    private static func icmpv6(_ type: UInt8, _ code: UInt8) -> (UInt16, UInt16, Bool) {
        keyed(type, code, pairs: icmpv6Pairs)
    }

    private static func keyed(_ type: UInt8, _ code: UInt8, pairs: [(UInt8, UInt8)]) -> (UInt16, UInt16, Bool) {
        for (request, reply) in pairs {
            if type == request { return (UInt16(type), UInt16(reply), false) }
            if type == reply { return (UInt16(type), UInt16(request), false) }
        }
        return (UInt16(type), UInt16(code), true)
    }

    /// The connection-table key for a packet with these ports.
    public func key(for packet: PacketInfo) -> FlowKey {
        if isOneWay {
            return FlowKey(directionalSource: packet.source, sourcePort: source,
                           destination: packet.destination, destinationPort: destination,
                           ipProtocol: packet.ipProtocol)
        }
        return FlowKey(source: packet.source, sourcePort: source, destination: packet.destination,
                       destinationPort: destination, ipProtocol: packet.ipProtocol)
    }
}

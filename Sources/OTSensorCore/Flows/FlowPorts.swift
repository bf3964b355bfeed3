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

    private static func icmpv4(_ type: UInt8, _ code: UInt8) -> (UInt16, UInt16, Bool) {
        let counterpart: UInt8?
        switch type {
        case 8: counterpart = 0
        case 0: counterpart = 8
        case 13: counterpart = 14
        case 14: counterpart = 13
        case 15: counterpart = 16
        case 16: counterpart = 15
        case 10: counterpart = 9
        case 9: counterpart = 10
        case 17: counterpart = 18
        case 18: counterpart = 17
        default: counterpart = nil
        }
        return (UInt16(type), UInt16(counterpart ?? code), counterpart == nil)
    }

    private static func icmpv6(_ type: UInt8, _ code: UInt8) -> (UInt16, UInt16, Bool) {
        let counterpart: UInt8?
        switch type {
        case 128: counterpart = 129
        case 129: counterpart = 128
        case 133: counterpart = 134
        case 134: counterpart = 133
        case 135: counterpart = 136
        case 136: counterpart = 135
        case 130: counterpart = 131
        case 131: counterpart = 130
        case 139: counterpart = 140
        case 140: counterpart = 139
        case 144: counterpart = 145
        case 145: counterpart = 144
        default: counterpart = nil
        }
        return (UInt16(type), UInt16(counterpart ?? code), counterpart == nil)
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

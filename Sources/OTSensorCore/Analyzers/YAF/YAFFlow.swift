/// One bidirectional YAF flow of a protocol other than TCP/UDP/ICMP/ICMPv6
/// (LOGS.md §6.2): the first packet fixes the forward direction.
struct YAFFlow {
    /// YAF's flow key without ports (always 0 for these protocols).
    struct Key: Hashable {
        var source: IPAddress
        var destination: IPAddress
        var ipProtocol: UInt8
        var vlan: UInt16

        var reversed: Key { Key(source: destination, destination: source, ipProtocol: ipProtocol, vlan: vlan) }
    }

    enum EndReason: String {
        case idle, active, eof
    }

    var key: Key
    var start: Timestamp
    var end: Timestamp
    var firstReverse: Timestamp?
    var sourceMAC: MACAddress
    var destinationMAC: MACAddress
    var reverseVLAN: UInt16 = 0
    var packets = 0
    var octets = 0
    var reversePackets = 0
    var reverseOctets = 0

    init(key: Key, packet: PacketInfo) {
        self.key = key
        start = packet.timestamp
        end = packet.timestamp
        sourceMAC = packet.sourceMAC
        destinationMAC = packet.destinationMAC
    }

    mutating func add(_ packet: PacketInfo, forward: Bool) {
        end = max(end, packet.timestamp)
        if forward {
            packets += 1
            octets += packet.ipLengthForCounting
        } else {
            if firstReverse == nil {
                firstReverse = packet.timestamp
                reverseVLAN = packet.vlan & 0x0FFF
            }
            reversePackets += 1
            reverseOctets += packet.ipLengthForCounting
        }
    }
}

/// A flow YAF closed, with why.
struct YAFClosedFlow {
    var flow: YAFFlow
    var reason: YAFFlow.EndReason
}

extension YAFFlow {
    /// The conn engine's key for the flow's packets: the shard that sees them.
    var flowKey: FlowKey {
        FlowKey(source: key.source, sourcePort: 0, destination: key.destination, destinationPort: 0,
                ipProtocol: key.ipProtocol)
    }

    /// A flow open at the slice's end, for the next slice of the stream.
    func carry(into writer: inout StateWriter) {
        writer.put(key.source)
        writer.put(key.destination)
        writer.put(key.ipProtocol)
        writer.put(key.vlan)
        writer.put(start)
        writer.put(end)
        writer.put(firstReverse)
        writer.put(sourceMAC)
        writer.put(destinationMAC)
        writer.put(reverseVLAN)
        for count in [packets, octets, reversePackets, reverseOctets] { writer.put(count) }
    }

    init(carriedFrom reader: inout StateReader) throws {
        key = Key(source: try reader.ipAddress(), destination: try reader.ipAddress(), ipProtocol: try reader.uint8(),
                  vlan: try reader.uint16())
        start = try reader.timestamp()
        end = try reader.timestamp()
        firstReverse = try reader.optionalTimestamp()
        sourceMAC = try reader.macAddress()
        destinationMAC = try reader.macAddress()
        reverseVLAN = try reader.uint16()
        packets = try reader.int()
        octets = try reader.int()
        reversePackets = try reader.int()
        reverseOctets = try reader.int()
    }
}

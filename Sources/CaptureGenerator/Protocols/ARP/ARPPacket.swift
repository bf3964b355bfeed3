/// An Ethernet/IPv4 ARP message (RFC 826), for EthernetLink.frame(etherType: 0x0806, payload:).
public struct ARPPacket: Sendable {
    public static let etherType: UInt16 = 0x0806

    public var operation: UInt16
    public var senderMAC: EthernetAddress
    public var senderIP: IPv4Address
    public var targetMAC: EthernetAddress
    public var targetIP: IPv4Address
    public var hardwareType: UInt16 = 1
    public var protocolType: UInt16 = 0x0800

    public init(operation: UInt16, senderMAC: EthernetAddress, senderIP: IPv4Address,
                targetMAC: EthernetAddress, targetIP: IPv4Address) {
        self.operation = operation
        self.senderMAC = senderMAC
        self.senderIP = senderIP
        self.targetMAC = targetMAC
        self.targetIP = targetIP
    }

    public static func request(from mac: EthernetAddress, _ ip: IPv4Address, for target: IPv4Address) -> ARPPacket {
        ARPPacket(operation: 1, senderMAC: mac, senderIP: ip, targetMAC: 0, targetIP: target)
    }

    public static func reply(from mac: EthernetAddress, _ ip: IPv4Address,
                             to targetMAC: EthernetAddress, _ targetIP: IPv4Address) -> ARPPacket {
        ARPPacket(operation: 2, senderMAC: mac, senderIP: ip, targetMAC: targetMAC, targetIP: targetIP)
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.appendBE(hardwareType)
        out.appendBE(protocolType)
        out += [6, 4]
        out.appendBE(operation)
        out += senderMAC.bytes + senderIP.bytes + targetMAC.bytes + targetIP.bytes
        return out
    }
}

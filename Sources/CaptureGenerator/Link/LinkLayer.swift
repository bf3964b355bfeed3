/// A link-layer framing that can carry an IP packet.
///
/// Session helpers describe a flow's link as seen from client to server and ask
/// for `reversed()` to frame the replies.
public protocol LinkLayer: Sendable {
    /// The pcap LINKTYPE_ value a file of these frames declares.
    var linkType: UInt32 { get }
    /// Frames an IPv4 or IPv6 packet (the version is read from its first nibble).
    func frame(_ ipPacket: [UInt8]) -> [UInt8]
    /// The same link in the opposite direction (e.g. MAC addresses swapped).
    func reversed() -> Self
}

/// EtherType values for the protocols this module builds.
public enum EtherTypeValue {
    public static let ipv4: UInt16 = 0x0800
    public static let ipv6: UInt16 = 0x86DD
    public static let vlan: UInt16 = 0x8100
    public static let qinq: UInt16 = 0x88A8
    public static let mpls: UInt16 = 0x8847
    public static let pppoeSession: UInt16 = 0x8864
    public static let transparentEthernetBridging: UInt16 = 0x6558

    /// 0x0800 or 0x86DD according to an IP packet's version nibble.
    public static func forIPPacket(_ packet: [UInt8]) -> UInt16 {
        packet.first.map { $0 >> 4 } == 6 ? ipv6 : ipv4
    }
}

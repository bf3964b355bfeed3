/// LINKTYPE_ values (tcpdump.org/linktypes.html) for the link layers this module builds.
public enum PcapLinkType {
    public static let null: UInt32 = 0
    public static let ethernet: UInt32 = 1
    public static let fddi: UInt32 = 10
    public static let pppSerial: UInt32 = 50
    public static let raw: UInt32 = 101
    public static let ieee80211: UInt32 = 105
    public static let linuxSLL: UInt32 = 113
    public static let ipv4: UInt32 = 228
    public static let ipv6: UInt32 = 229
    public static let nflog: UInt32 = 239
    public static let linuxSLL2: UInt32 = 276
}

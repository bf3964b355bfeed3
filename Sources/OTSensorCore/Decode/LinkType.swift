/// The link-layer header types otsensor decodes, by libpcap DLT value.
public enum LinkType: Int32, Sendable {
    case null = 0
    case ethernet = 1
    case ppp = 9
    case fddi = 10
    case rawIP = 12
    case rawIPOpenBSD = 14
    case pppSerial = 50
    case rawIPLinktype = 101
    case ieee80211 = 105
    case loop = 108
    case linuxCooked = 113
    case ieee80211Radiotap = 127
    case ipv4 = 228
    case ipv6 = 229
    case nflog = 239
    case linuxCookedV2 = 276
}

extension LinkType: CaseIterable {
    /// The supported DLT values, for messages: "0, 1, 9, …".
    public static var supportedList: String { allCases.map { String($0.rawValue) }.joined(separator: ", ") }
}

/// One column of a log: its flattened name (`id.orig_h`) and its Zeek type.
public struct LogField: Hashable, Sendable {
    public let name: String
    public let type: ZeekType

    public init(name: String, type: ZeekType) {
        self.name = name
        self.type = type
    }
}

/// How the existing sensor frames a Zeek-derived file it ships (LOGS.md §2.2).
///
/// Only the two Zeek styles live here: the yaf (Y) and raw (R) styles belong to
/// logs that are not Zeek TSV and are written by their own code.
public enum OsectFraming: Hashable, Sendable {
    /// 8 lines `#`, the rows, then `#close` (conn, arp, ns, dns, http, cclink…).
    case z8
    /// 1 line `#`, then the rows (dhcp2, netbios-ns, mswin-browser, dhcpv6, ssdp).
    case z1
}

/// Everything that describes a log, declared once per log: its Zeek `#path`,
/// its columns in order, and the framing the osect layout ships it with.
public struct LogSchema: Hashable, Sendable {
    public let path: String
    public let fields: [LogField]
    public let osectFraming: OsectFraming

    public init(path: String, fields: [LogField], osectFraming: OsectFraming) {
        self.path = path
        self.fields = fields
        self.osectFraming = osectFraming
    }
}

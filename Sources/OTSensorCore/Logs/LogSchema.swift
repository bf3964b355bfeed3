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
/// The yaf (Y) and raw (R) styles frame rows that are not Zeek's (yaf_flow,
/// p0f-k) but are still written row by row through the same encoder.
public enum OsectFraming: Hashable, Sendable {
    /// 8 lines `#`, the rows, then `#close` (conn, arp, ns, dns, http, cclink…).
    case z8
    /// 1 line `#`, then the rows (dhcp2, netbios-ns, mswin-browser, dhcpv6, ssdp).
    case z1
    /// yafscii's space-separated header line, then the rows (yaf_flow).
    case y(header: String)
    /// The rows only (p0f-k).
    case r
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

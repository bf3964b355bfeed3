/// What the analyzer framework needs to know of DNS beyond its ports.
extension DNSAnalyzer {
    /// Zeek's name for the analyzer. No signature enables it: DNS stays
    /// attached by port, as in Zeek (LOGS.md §6.5).
    public static var analyzerName: String { "dns" }

    /// Zeek's DNS analyzer's session check (`dns_session_timeout`, 10 s): a
    /// UDP connection idle for a second less than that is removed at the next
    /// check, long before the generic UDP inactivity timeout.
    public static var udpSessionExpiry: SessionExpiry? { SessionExpiry(interval: 10, idle: 9) }
}

extension Service {
    /// Zeek's DNS analyzer's name in conn.log.
    static let dns = Service("dns")
}

/// Every analyzer kind the sensor runs, in the order their logs are listed in
/// the manifest. Adding a protocol adds one line here.
public enum AnalyzerRegistry {
    public static let all: [any PacketAnalyzer.Type] = [
        YAFFlowAnalyzer.self,
        ARPAnalyzer.self,
        NeighborDiscoveryAnalyzer.self,
        DNSAnalyzer.self,
        P0fAnalyzer.self,
        HTTPAnalyzer.self,
        DHCPAnalyzer.self,
        NetBIOSNameAnalyzer.self,
        BrowserAnalyzer.self,
        DHCPv6Analyzer.self,
        SSDPAnalyzer.self,
        CCLinkIEFBasicAnalyzer.self,
        CCLinkIEAnalyzer.self,
        S7commAnalyzer.self,
    ]

    /// Every log file the analyzers write, in registry order.
    public static var logs: [LogDescription] { all.flatMap { $0.logs } }
}

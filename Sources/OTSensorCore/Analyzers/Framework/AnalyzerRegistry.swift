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

    /// Every service recogniser the sensor runs. Each is attached by the
    /// server ports Zeek registers for its `service` (`ZeekServerPorts`) and by
    /// Zeek's content signatures that `enable` that name; adding a protocol
    /// adds one line to `ServiceRecognizers.all`.
    public static let recognizers: [any ServiceRecognizer.Type] = ServiceRecognizers.all.map(\.recognizer)

    /// Every log file the analyzers write, in registry order.
    public static var logs: [LogDescription] { all.flatMap { $0.logs } }
}

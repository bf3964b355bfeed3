/// The lookup tables that route packets to analyzers, built once from every
/// analyzer's `interest` and shared read-only by all shards: a port or an
/// EtherType maps to the index of its analyzer in `AnalyzerRegistry.all`.
public struct AnalyzerDispatch: Sendable {
    public let kinds: [any PacketAnalyzer.Type]
    /// Analyzer index + 1 per UDP port; 0 = none.
    private let udp: [UInt8]
    private let tcp: [UInt8]
    private let etherTypes: [UInt16: Int]
    let handshakeAnalyzers: [Int]
    let icmpv6Analyzers: [UInt8: [Int]]
    let otherTransportAnalyzers: [Int]

    public init(kinds: [any PacketAnalyzer.Type] = AnalyzerRegistry.all) {
        precondition(kinds.count < 255, "analyzer index must fit the port tables")
        self.kinds = kinds
        var udp = [UInt8](repeating: 0, count: 65_536), tcp = [UInt8](repeating: 0, count: 65_536)
        var etherTypes: [UInt16: Int] = [:], icmpv6: [UInt8: [Int]] = [:]
        var handshakes: [Int] = [], others: [Int] = []
        for (index, kind) in kinds.enumerated() {
            let interest = kind.interest
            for port in interest.udpPorts { udp[Int(port)] = UInt8(index + 1) }
            for port in interest.tcpPorts { tcp[Int(port)] = UInt8(index + 1) }
            for type in interest.etherTypes { etherTypes[type] = index }
            for type in interest.icmpv6Types { icmpv6[type, default: []].append(index) }
            if interest.tcpHandshakes { handshakes.append(index) }
            if interest.otherTransports { others.append(index) }
        }
        self.udp = udp
        self.tcp = tcp
        self.etherTypes = etherTypes
        self.icmpv6Analyzers = icmpv6
        self.handshakeAnalyzers = handshakes
        self.otherTransportAnalyzers = others
    }

    /// The analyzer for a UDP datagram between these ports (responder port first).
    func udpAnalyzer(respPort: UInt16, origPort: UInt16) -> Int? {
        let r = udp[Int(respPort)]
        if r != 0 { return Int(r) - 1 }
        let o = udp[Int(origPort)]
        return o != 0 ? Int(o) - 1 : nil
    }

    /// The stream analyzer for a new TCP connection between these ports.
    func tcpAnalyzer(respPort: UInt16, origPort: UInt16) -> Int? {
        let r = tcp[Int(respPort)]
        if r != 0 { return Int(r) - 1 }
        let o = tcp[Int(origPort)]
        return o != 0 ? Int(o) - 1 : nil
    }

    /// Every log file of the dispatched analyzers, in their order.
    public var logs: [LogDescription] { kinds.flatMap { $0.logs } }

    func linkAnalyzer(etherType: UInt16) -> Int? { etherTypes[etherType] }

    /// Whether a frame without IP should travel to a shard at all.
    public func wantsLinkFrame(etherType: UInt16) -> Bool { etherTypes[etherType] != nil }
}

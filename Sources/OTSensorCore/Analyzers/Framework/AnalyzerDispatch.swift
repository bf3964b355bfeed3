/// The lookup tables that route packets to analyzers, built once from every
/// analyzer's `interest` and shared read-only by all shards.
///
/// A UDP port may serve several analyzers (137/udp carries NetBIOS name
/// service, which the NBNS and the DNS analyzers both read), so a UDP port
/// maps to a group of analyzers that each see every datagram. A TCP port
/// maps to one stream analyzer: two kinds claiming one TCP port is a mistake
/// in the registry, refused when the tables are built.
public struct AnalyzerDispatch: Sendable {
    public let kinds: [any PacketAnalyzer.Type]
    /// Group + 1 per UDP port; 0 = none.
    private let udp: [UInt8]
    /// The analyzers of each UDP group, as indices into `kinds`.
    let udpGroups: [[Int]]
    /// Analyzer index + 1 per TCP port; 0 = none.
    private let tcp: [UInt8]
    private let etherTypes: [UInt16: Int]
    let handshakeAnalyzers: [Int]
    let icmpv6Analyzers: [UInt8: [Int]]
    let otherTransportAnalyzers: [Int]

    public init(kinds: [any PacketAnalyzer.Type] = AnalyzerRegistry.all) {
        precondition(kinds.count < 255, "analyzer index must fit the port tables")
        self.kinds = kinds
        var udpClaims: [UInt16: [Int]] = [:]
        var tcp = [UInt8](repeating: 0, count: 65_536)
        var etherTypes: [UInt16: Int] = [:], icmpv6: [UInt8: [Int]] = [:]
        var handshakes: [Int] = [], others: [Int] = []
        for (index, kind) in kinds.enumerated() {
            let interest = kind.interest
            for port in Set(interest.udpPorts) { udpClaims[port, default: []].append(index) }
            for port in Set(interest.tcpPorts) {
                precondition(tcp[Int(port)] == 0,
                             "tcp/\(port) is claimed by both \(kinds[Int(tcp[Int(port)]) - 1]) and \(kind): one stream analyzer per port")
                tcp[Int(port)] = UInt8(index + 1)
            }
            for type in interest.etherTypes {
                precondition(etherTypes[type] == nil, "EtherType \(type) is claimed twice (\(kind))")
                etherTypes[type] = index
            }
            for type in interest.icmpv6Types { icmpv6[type, default: []].append(index) }
            if interest.tcpHandshakes { handshakes.append(index) }
            if interest.otherTransports { others.append(index) }
        }
        var udp = [UInt8](repeating: 0, count: 65_536), groups: [[Int]] = []
        for (port, claimants) in udpClaims.sorted(by: { $0.key < $1.key }) {
            if let existing = groups.firstIndex(of: claimants) {
                udp[Int(port)] = UInt8(existing + 1)
            } else {
                groups.append(claimants)
                udp[Int(port)] = UInt8(groups.count)
            }
        }
        precondition(groups.count < 255, "UDP analyzer groups must fit the port table")
        self.udp = udp
        self.udpGroups = groups
        self.tcp = tcp
        self.etherTypes = etherTypes
        self.icmpv6Analyzers = icmpv6
        self.handshakeAnalyzers = handshakes
        self.otherTransportAnalyzers = others
    }

    /// The analyzer group for a UDP datagram between these ports (responder port first).
    func udpGroup(respPort: UInt16, origPort: UInt16) -> Int? {
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

/// The lookup tables that route packets to analyzers and recognisers, built
/// once from the registry and shared read-only by all shards.
///
/// Every analyzer kind and recogniser kind has a slot: the analyzers first, in
/// `kinds` order, then the recognisers. A connection records the slots
/// attached to it as a bit mask, so a port may serve several of them (137/udp
/// carries NetBIOS name service, which the NBNS and the DNS analyzers both
/// read), and content detection adds slots to a connection later.
public struct AnalyzerDispatch: Sendable {
    public let kinds: [any PacketAnalyzer.Type]
    public let recognizers: [any ServiceRecognizer.Type]
    /// The recogniser slots whose Zeek analyzer ignores partial TCP connections
    /// (`ServiceRecognizerRegistration.skipsPartialConnections`).
    let partialSkippingSlots: UInt64
    /// The content signatures whose `enable` names a slot, with that slot.
    let signatures: DPDSignatureSet
    /// Per port: group + 1 in `groups` of the analyzers claiming it; 0 = none.
    private let tcpAnalyzers: [UInt8], udpAnalyzers: [UInt8]
    /// Per port: group + 1 of the recognisers registered for it as a server port.
    private let tcpRecognizers: [UInt8], udpRecognizers: [UInt8]
    private let groups: [UInt64]
    /// Slot masks of the analyzers that declared a UDP session expiry.
    let udpExpiries: [(slots: UInt64, expiry: SessionExpiry)]
    private let etherTypes: [UInt16: Int]
    let handshakeAnalyzers: [Int]
    let icmpv6Analyzers: [UInt8: [Int]]
    let otherTransportAnalyzers: [Int]

    /// The standard tables: every registered analyzer and recogniser, and
    /// Zeek's signatures for the ones present.
    public static func standard() throws(RegistryConflict) -> AnalyzerDispatch {
        try AnalyzerDispatch(kinds: AnalyzerRegistry.all, recognizers: AnalyzerRegistry.recognizers,
                             signatureFiles: ZeekSignatures.files.map(\.text))
    }

    /// Builds the tables; throws when two registrations conflict: two slots
    /// with one name, one kind listed twice, one EtherType claimed twice, or
    /// a signature file that does not parse.
    public init(kinds: [any PacketAnalyzer.Type], recognizers: [any ServiceRecognizer.Type] = [],
                signatureFiles: [String] = []) throws(RegistryConflict) {
        guard kinds.count + recognizers.count <= 64 else {
            throw RegistryConflict("more than 64 analyzers and recognisers: a connection's slot mask is 64 bits")
        }
        self.kinds = kinds
        self.recognizers = recognizers
        partialSkippingSlots = recognizers.enumerated().reduce(0) { bits, entry in
            let skips = ServiceRecognizers.all.contains {
                ObjectIdentifier($0.recognizer) == ObjectIdentifier(entry.element) && $0.skipsPartialConnections
            }
            return skips ? bits | 1 << UInt64(kinds.count + entry.offset) : bits
        }
        var names: [String: String] = [:]
        var slotNames: [String: Int] = [:]
        func claim(_ name: String, by owner: String, slot: Int) throws(RegistryConflict) {
            if let other = names[name] {
                throw RegistryConflict("the name \"\(name)\" is registered by both \(other) and \(owner)")
            }
            names[name] = owner
            slotNames[name] = slot
        }
        var builder = PortGroups()
        var etherTypes: [UInt16: Int] = [:], icmpv6: [UInt8: [Int]] = [:]
        var handshakes: [Int] = [], others: [Int] = [], expiries: [(UInt64, SessionExpiry)] = []
        for (index, kind) in kinds.enumerated() {
            if kinds[..<index].contains(where: { $0 == kind }) {
                throw RegistryConflict("\(kind) is registered twice")
            }
            if !kind.analyzerName.isEmpty { try claim(kind.analyzerName.lowercased(), by: "\(kind)", slot: index) }
            let interest = kind.interest
            builder.claim(tcp: interest.tcpPorts, udp: interest.udpPorts, slot: index, recognizer: false)
            for type in interest.etherTypes {
                if let other = etherTypes[type] {
                    throw RegistryConflict("EtherType \(type) is claimed by both \(kinds[other]) and \(kind)")
                }
                etherTypes[type] = index
            }
            for type in interest.icmpv6Types { icmpv6[type, default: []].append(index) }
            if interest.tcpHandshakes { handshakes.append(index) }
            if interest.otherTransports { others.append(index) }
            if let expiry = kind.udpSessionExpiry { expiries.append((1 << UInt64(index), expiry)) }
        }
        for (offset, kind) in recognizers.enumerated() {
            let slot = kinds.count + offset
            try claim(kind.service.lowercased(), by: "\(kind)", slot: slot)
            let ports = ZeekServerPorts.ports(of: kind.service.lowercased())
            builder.claim(tcp: ports.tcp, udp: ports.udp, slot: slot, recognizer: true)
        }
        guard builder.groups.count < 255 else { throw RegistryConflict("too many distinct port groups") }
        do {
            signatures = try DPDSignatureSet(files: signatureFiles, slots: slotNames)
        } catch {
            throw RegistryConflict("signatures: \(error.message)")
        }
        tcpAnalyzers = builder.tcpAnalyzers
        udpAnalyzers = builder.udpAnalyzers
        tcpRecognizers = builder.tcpRecognizers
        udpRecognizers = builder.udpRecognizers
        groups = builder.groups
        udpExpiries = expiries
        self.etherTypes = etherTypes
        self.icmpv6Analyzers = icmpv6
        self.handshakeAnalyzers = handshakes
        self.otherTransportAnalyzers = others
    }

    /// The slot bits of the analyzer kinds (the recognisers' are above them).
    var analyzerSlots: UInt64 { kinds.count == 64 ? ~0 : (1 << UInt64(kinds.count)) - 1 }

    /// The slots a new connection gets by port: the analyzers of its responder
    /// port (failing that, of its originator port), and the recognisers of its
    /// responder port, as Zeek registers them; `byResponder` says whether the
    /// analyzers came from the responder port.
    func portSlots(transport: Transport, respPort: UInt16, origPort: UInt16) -> (slots: UInt64, byResponder: Bool) {
        let analyzers: [UInt8], recognizers: [UInt8]
        switch transport {
        case .tcp: (analyzers, recognizers) = (tcpAnalyzers, tcpRecognizers)
        case .udp: (analyzers, recognizers) = (udpAnalyzers, udpRecognizers)
        case .icmp, .unknown: return (0, false)
        }
        let recognized = group(recognizers[Int(respPort)])
        let byResp = analyzers[Int(respPort)]
        if byResp != 0 { return (group(byResp) | recognized, true) }
        return (group(analyzers[Int(origPort)]) | recognized, false)
    }

    private func group(_ entry: UInt8) -> UInt64 { entry == 0 ? 0 : groups[Int(entry) - 1] }

    /// Every log file of the dispatched analyzers, in their order.
    public var logs: [LogDescription] { kinds.flatMap { $0.logs } }

    func linkAnalyzer(etherType: UInt16) -> Int? { etherTypes[etherType] }

    /// Whether a frame without IP should travel to a shard at all.
    public func wantsLinkFrame(etherType: UInt16) -> Bool { etherTypes[etherType] != nil }
}

/// Builds the per-port tables of slot groups.
private struct PortGroups {
    var tcpAnalyzers = [UInt8](repeating: 0, count: 65_536), udpAnalyzers = [UInt8](repeating: 0, count: 65_536)
    var tcpRecognizers = [UInt8](repeating: 0, count: 65_536), udpRecognizers = [UInt8](repeating: 0, count: 65_536)
    var groups: [UInt64] = []

    mutating func claim(tcp: [UInt16], udp: [UInt16], slot: Int, recognizer: Bool) {
        for port in Set(tcp) {
            if recognizer { Self.add(slot, port, &tcpRecognizers, &groups) } else { Self.add(slot, port, &tcpAnalyzers, &groups) }
        }
        for port in Set(udp) {
            if recognizer { Self.add(slot, port, &udpRecognizers, &groups) } else { Self.add(slot, port, &udpAnalyzers, &groups) }
        }
    }

    private static func add(_ slot: Int, _ port: UInt16, _ table: inout [UInt8], _ groups: inout [UInt64]) {
        let current = table[Int(port)] == 0 ? 0 : groups[Int(table[Int(port)]) - 1]
        let wanted = current | 1 << UInt64(slot)
        if let existing = groups.firstIndex(of: wanted) {
            table[Int(port)] = UInt8(existing + 1)
        } else {
            groups.append(wanted)
            table[Int(port)] = UInt8(truncatingIfNeeded: groups.count)
        }
    }
}

/// Two registrations in the analyzer registry that cannot both hold; the
/// sensor refuses to start with them.
public struct RegistryConflict: Error, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { "analyzer registry: \(message)" }
}

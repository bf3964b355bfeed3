/// `flowbits` (detect-flowbits.c): named bits a rule sets on its flow for a
/// later rule (usually on a later packet, or later on the same packet: rules
/// that set run before rules that read) to test.
public struct FlowbitOperation: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case set, unset, toggle, isSet, isNotSet }
    public var kind: Kind
    /// The names; for a test, `|` between them means any and `&` all.
    public var names: [String]
    public var anyOf = false

    var isCondition: Bool { kind == .isSet || kind == .isNotSet }

    /// Parses one `flowbits` option; nil for `noalert`.
    static func parse(_ raw: String) throws(RuleError) -> FlowbitOperation? {
        let parts = raw.split(separator: ",", maxSplits: 1).map { String($0).trimmingSpaces }
        guard let command = parts.first?.lowercased() else { throw RuleError("empty flowbits") }
        if command == "noalert" {
            guard parts.count == 1 else { throw RuleError("flowbits:noalert takes no name") }
            return nil
        }
        let kind: Kind
        switch command {
        case "set": kind = .set
        case "unset": kind = .unset
        case "toggle": kind = .toggle
        case "isset": kind = .isSet
        case "isnotset": kind = .isNotSet
        default: throw RuleError("unknown flowbits command \(command)")
        }
        guard parts.count == 2, !parts[1].isEmpty else { throw RuleError("flowbits:\(command) needs a name") }
        let text = parts[1]
        let anyOf = text.contains("|")
        let names = text.split(whereSeparator: { $0 == "|" || $0 == "&" }).map { String($0).trimmingSpaces }
        guard !names.contains(where: { $0.isEmpty || $0.contains(" ") }), !(anyOf && text.contains("&")) else {
            throw RuleError("bad flowbits name \(text)")
        }
        return FlowbitOperation(kind: kind, names: names, anyOf: anyOf)
    }

    func holds(_ bits: Set<String>) -> Bool {
        switch kind {
        case .isSet: anyOf ? names.contains(where: bits.contains) : names.allSatisfy(bits.contains)
        case .isNotSet: anyOf ? names.contains { !bits.contains($0) } : names.allSatisfy { !bits.contains($0) }
        default: true
        }
    }

    func apply(to bits: inout Set<String>) {
        for name in names {
            switch kind {
            case .set: bits.insert(name)
            case .unset: bits.remove(name)
            case .toggle: if bits.remove(name) == nil { bits.insert(name) }
            case .isSet, .isNotSet: break
            }
        }
    }
}

/// What the engine remembers about one flow between its packets.
public struct SignatureFlowState: Sendable {
    public var flowbits: Set<String> = []
    public init() {}
}

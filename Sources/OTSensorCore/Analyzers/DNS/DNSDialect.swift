/// Which Zeek's DNS semantics a layout reproduces.
enum DNSDialect: Sendable {
    /// Zeek 9.1, the native layout: NOTIFY and UPDATE are logged with their
    /// opcode, and messages to multicast groups are logged one by one.
    case zeek9
    /// Zeek 5.0 as the shipped sensor runs it (LOGS.md §6.5): only standard
    /// queries, paired by ID whatever the destination, record names as sent.
    case osect

    /// How the names of resource records are cased.
    var recordLetters: DNSNameCase { self == .zeek9 ? .lowered : .kept }

    /// Whether messages of this opcode make or update a transaction record.
    func tracks(opcode: UInt8) -> Bool {
        switch self {
        case .zeek9: opcode == DNSHeader.queryOpcode || opcode == DNSHeader.notifyOpcode
            || opcode == DNSHeader.updateOpcode
        case .osect: opcode == DNSHeader.queryOpcode
        }
    }
}

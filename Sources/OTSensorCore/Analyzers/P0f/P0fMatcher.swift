/// p0f's `tcp_find_match`: the label of the best signature for a packet.
///
/// Only signatures with the packet's exact option layout are candidates, in
/// file order. The first non-fuzzy specific match wins; else the first
/// non-fuzzy generic one; else the first fuzzy one unless it is a userland
/// tool's (LOGS.md §6.6 "OS matching").
enum P0fMatcher {
    /// The index of the matched label in `database.labels`, nil for `???`.
    static func match(_ packet: P0fPacket, multiple: P0fWindowMultiple?, in database: P0fDatabase) -> Int? {
        let rules = packet.kind == .syn ? database.requests : database.responses
        var generic: P0fSignatureRule?, fuzzyMatch: P0fSignatureRule?
        for rule in rules where rule.layout == packet.layout {
            var fuzzy = false
            var ruleQuirks = rule.quirks
            if rule.ipVersion == nil {
                ruleQuirks.subtract(packet.ipVersion == 4 ? [.flow] : P0fQuirks.ipv4Only)
            }
            if ruleQuirks != packet.quirks {
                let deleted = ruleQuirks.subtracting(packet.quirks), added = packet.quirks.subtracting(ruleQuirks)
                if fuzzyMatch != nil || !deleted.subtracting([.df, .nonZeroID]).isEmpty
                    || !added.subtracting([.zeroID, .ecn]).isEmpty { continue }
                fuzzy = true
            }
            guard rule.eolPadding == packet.eolPadding, rule.ipOptionsLength == packet.ipOptionsLength else { continue }
            let ttl = Int(packet.ttl)
            if rule.badTTL {
                if rule.ttl < ttl { continue }
            } else if rule.ttl < ttl || rule.ttl - ttl > 35 {
                fuzzy = true
            }
            if let mss = rule.mss, mss != Int(packet.mss) { continue }
            if let scale = rule.windowScale, scale != Int(packet.windowScale) { continue }
            if let payload = rule.hasPayload, payload != packet.hasPayload { continue }
            guard windowMatches(rule.window, packet: packet, multiple: multiple) else { continue }
            let label = database.labels[rule.label]
            if !fuzzy {
                if !label.isGeneric { return rule.label }
                if generic == nil { generic = rule }
            } else if fuzzyMatch == nil {
                fuzzyMatch = rule
            }
        }
        if let generic { return generic.label }
        if let fuzzyMatch, !database.labels[fuzzyMatch.label].isUserland { return fuzzyMatch.label }
        return nil
    }

    private static func windowMatches(_ window: P0fSignatureRule.Window, packet: P0fPacket,
                                      multiple: P0fWindowMultiple?) -> Bool {
        switch window {
        case .any: true
        case .exact(let value): value == Int(packet.window)
        case .modulo(let divisor): Int(packet.window) % divisor == 0
        case .mssMultiple(let n): multiple.map { !$0.isMTU && $0.multiplier == n } ?? false
        case .mtuMultiple(let n): multiple.map { $0.isMTU && $0.multiplier == n } ?? false
        }
    }
}

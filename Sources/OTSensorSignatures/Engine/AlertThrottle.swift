/// Applies `threshold` and `detection_filter` to matches in capture order, as
/// Suricata's detect-engine-threshold.c does per packet. It runs once per
/// slice over the merged matches of all workers, so a rule tracked by_src
/// counts the same however the flows were spread over threads.
public struct AlertThrottle {
    private struct Key: Hashable {
        var signature: Int
        var first: RuleIP?
        var second: RuleIP?
        var flow: UInt64?
    }

    private struct Entry {
        var periodStart: Int64
        var count: Int
        /// Ports seen in the period, for `unique_on`.
        var ports: Set<UInt16> = []
    }

    private var entries: [Key: Entry] = [:]

    public init() {}

    /// Whether the match `alert` of `signature` (at `index` in the rule
    /// set) is logged; updates the counts.
    public mutating func admits(_ signature: Signature, index: Int, alert: EveAlert) -> Bool {
        var admitted = true
        if let filter = signature.detectionFilter {
            admitted = step(filter, key: key(filter, index, alert, filter: true), alert: alert)
        }
        if admitted, let threshold = signature.threshold {
            admitted = step(threshold, key: key(threshold, index, alert, filter: false), alert: alert)
        }
        return admitted
    }

    private func key(_ t: Threshold, _ index: Int, _ a: EveAlert, filter: Bool) -> Key {
        // Filters and thresholds of one rule are counted apart.
        let signature = filter ? -1 - index : index
        switch t.track {
        case .bySource: return Key(signature: signature, first: a.source)
        case .byDestination: return Key(signature: signature, first: a.destination)
        case .byRule: return Key(signature: signature)
        case .byBoth: return Key(signature: signature, first: a.source, second: a.destination)
        case .byFlow: return Key(signature: signature, flow: a.flowID)
        }
    }

    private mutating func step(_ t: Threshold, key: Key, alert: EveAlert) -> Bool {
        let time = alert.timeNanoseconds
        let port = t.unique == .sourcePort ? alert.sourcePort : alert.destinationPort
        let period = Int64(t.seconds) * 1_000_000_000
        guard var entry = entries[key], time - entry.periodStart <= period else {
            entries[key] = Entry(periodStart: time, count: 1, ports: t.unique == nil ? [] : [port])
            switch t.kind {
            case .limit: return t.count >= 1
            case .threshold, .both: return t.count <= 1
            case .detectionFilter: return false
            }
        }
        if t.unique != nil {
            entry.ports.insert(port)
            entry.count = entry.ports.count
        } else {
            entry.count += 1
        }
        defer { entries[key] = entry }
        switch t.kind {
        case .limit:
            return entry.count <= t.count
        case .threshold:
            if entry.count >= t.count {
                entry.count = 0
                return true
            }
            return false
        case .both:
            return entry.count == t.count
        case .detectionFilter:
            return entry.count > t.count
        }
    }
}

/// Applies `threshold` and `detection_filter` to matches in capture order, as
/// Suricata's detect-engine-threshold.c does per packet. It runs once per
/// slice over the merged matches of all workers, so a rule tracked by_src
/// counts the same however the flows were spread over threads.
public struct AlertThrottle {
    private struct Key: Hashable {
        var signature: Int
        var first: RuleIP?
        var second: RuleIP?
    }

    private struct Entry {
        var periodStart: Int64
        var count: Int
    }

    private var entries: [Key: Entry] = [:]

    public init() {}

    /// Whether the match of `signature` on a packet at `time` from `source`
    /// to `destination` is logged; updates the counts.
    public mutating func admits(_ signature: Signature, index: Int, time: Int64, source: RuleIP,
                                destination: RuleIP) -> Bool {
        var admitted = true
        if let filter = signature.detectionFilter {
            admitted = step(filter, key: key(filter, index, source, destination, filter: true), time: time)
        }
        if admitted, let threshold = signature.threshold {
            admitted = step(threshold, key: key(threshold, index, source, destination, filter: false), time: time)
        }
        return admitted
    }

    private func key(_ t: Threshold, _ index: Int, _ source: RuleIP, _ destination: RuleIP, filter: Bool) -> Key {
        // Filters and thresholds of one rule are counted apart.
        let signature = filter ? -1 - index : index
        switch t.track {
        case .bySource: return Key(signature: signature, first: source)
        case .byDestination: return Key(signature: signature, first: destination)
        case .byRule: return Key(signature: signature)
        case .byBoth: return Key(signature: signature, first: source, second: destination)
        }
    }

    private mutating func step(_ t: Threshold, key: Key, time: Int64) -> Bool {
        let period = Int64(t.seconds) * 1_000_000_000
        guard var entry = entries[key], time - entry.periodStart <= period else {
            entries[key] = Entry(periodStart: time, count: 1)
            switch t.kind {
            case .limit: return t.count >= 1
            case .threshold, .both: return t.count <= 1
            case .detectionFilter: return false
            }
        }
        entry.count += 1
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

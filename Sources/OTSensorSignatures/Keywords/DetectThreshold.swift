/// `threshold` and `detection_filter` (detect-threshold.c,
/// detect-detection-filter.c): limits on how many matches become alerts.
public struct Threshold: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case limit, threshold, both, detectionFilter }
    public enum Track: Sendable, Equatable { case bySource, byDestination, byRule, byBoth, byFlow }
    /// detection_filter `unique_on`: count distinct ports instead of matches.
    public enum Unique: Sendable, Equatable { case sourcePort, destinationPort }
    public var kind: Kind
    public var track: Track
    public var count: Int
    public var seconds: Int
    public var unique: Unique?

    static func parse(_ raw: String, detectionFilter: Bool) throws(RuleError) -> Threshold {
        var kind: Kind? = detectionFilter ? .detectionFilter : nil
        var track: Track?, count: Int?, seconds: Int?, unique: Unique?
        for item in raw.split(separator: ",").map({ String($0).trimmingSpaces }) {
            let words = item.split(separator: " ", maxSplits: 1).map { String($0).trimmingSpaces }
            guard words.count == 2 else { throw RuleError("bad threshold option \(item)") }
            switch words[0] {
            case "type" where !detectionFilter:
                switch words[1] {
                case "limit": kind = .limit
                case "threshold": kind = .threshold
                case "both": kind = .both
                default: throw RuleError("bad threshold type \(words[1])")
                }
            case "track":
                switch words[1] {
                case "by_src": track = .bySource
                case "by_dst": track = .byDestination
                case "by_rule": track = .byRule
                case "by_both": track = .byBoth
                case "by_flow": track = .byFlow
                default: throw RuleError("bad threshold track \(words[1])")
                }
            case "unique_on" where detectionFilter:
                switch words[1] {
                case "src_port": unique = .sourcePort
                case "dst_port": unique = .destinationPort
                default: throw RuleError("bad unique_on \(words[1])")
                }
            case "count":
                guard let n = Int(words[1]), n >= 0 else { throw RuleError("bad threshold count \(words[1])") }
                count = n
            case "seconds":
                guard let n = Int(words[1]), n >= 0 else { throw RuleError("bad threshold seconds \(words[1])") }
                seconds = n
            default: throw RuleError("bad threshold option \(item)")
            }
        }
        guard let kind, let track, let count, let seconds else {
            throw RuleError("threshold needs type, track, count and seconds")
        }
        return Threshold(kind: kind, track: track, count: count, seconds: seconds, unique: unique)
    }
}

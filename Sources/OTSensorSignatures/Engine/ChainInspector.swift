/// Runs one buffer's chain of matchers as Suricata's
/// DetectEngineContentInspection: each matcher starts where the previous one
/// ended when it is relative, and a content or pcre followed by a relative
/// matcher is retried at its next occurrence when the rest of the chain fails.
struct ChainInspector {
    enum Outcome { case match, noMatch, discontinue }

    /// Suricata's recursion bound: backtracking over many occurrences of a
    /// short pattern must not become quadratic without limit.
    static let stepLimit = 3000

    let matchers: [Matcher]
    let buffer: UnsafeRawBufferPointer
    let scratch: InspectionScratch
    var steps = 0

    init(matchers: [Matcher], buffer: UnsafeRawBufferPointer, scratch: InspectionScratch) {
        self.matchers = matchers
        self.buffer = buffer
        self.scratch = scratch
    }

    mutating func run(variables: inout ExtractedValues) -> Bool {
        inspect(0, previousEnd: 0, variables: &variables) == .match
    }

    private func nextIsRelative(_ i: Int) -> Bool {
        i + 1 < matchers.count && matchers[i + 1].isRelative
    }

    private mutating func inspect(_ i: Int, previousEnd: Int, variables: inout ExtractedValues) -> Outcome {
        guard i < matchers.count else { return .match }
        steps += 1
        guard steps <= Self.stepLimit else { return .discontinue }
        let matcher = matchers[i]
        let failed: Outcome = matcher.isRelative ? .noMatch : .discontinue
        switch matcher {
        case .content(let content):
            let window = content.window(previousEnd: previousEnd, length: buffer.count, variables: variables)
            if content.negated {
                if let window, content.find(in: buffer, window: window) != nil { return failed }
                return inspect(i + 1, previousEnd: previousEnd, variables: &variables)
            }
            guard var window else { return failed }
            while true {
                guard let at = content.find(in: buffer, window: window) else { return failed }
                var attempt = variables
                switch inspect(i + 1, previousEnd: at + content.pattern.count, variables: &attempt) {
                case .match:
                    variables = attempt
                    return .match
                case .discontinue: return .discontinue
                case .noMatch:
                    guard nextIsRelative(i), at + 1 + content.pattern.count <= window.upperBound else { return .noMatch }
                    window = (at + 1)..<window.upperBound
                }
            }
        case .pcre(let pcre):
            let base = pcre.relative ? previousEnd : 0
            guard base <= buffer.count else { return pcre.negated ? inspect(i + 1, previousEnd: previousEnd, variables: &variables) : failed }
            let subject = UnsafeRawBufferPointer(rebasing: buffer[base...])
            var from = 0
            while true {
                let outcome = pcre.regex.firstMatch(in: subject, from: from, limited: !pcre.unlimited,
                                                    scratch: scratch.regex)
                if outcome == .limitHit { scratch.pcreLimitHits += 1 }
                guard case .match(let start, let end) = outcome else {
                    return pcre.negated ? inspect(i + 1, previousEnd: previousEnd, variables: &variables) : failed
                }
                if pcre.negated { return failed }
                var attempt = variables
                switch inspect(i + 1, previousEnd: base + end, variables: &attempt) {
                case .match:
                    variables = attempt
                    return .match
                case .discontinue: return .discontinue
                case .noMatch:
                    guard nextIsRelative(i), start + 1 <= subject.count else { return .noMatch }
                    from = start + 1
                }
            }
        case .byteTest(let test):
            guard test.matches(buffer, previousEnd: previousEnd, variables: variables) else { return failed }
            return inspect(i + 1, previousEnd: previousEnd, variables: &variables)
        case .byteJump(let jump):
            guard let to = jump.target(buffer, previousEnd: previousEnd, variables: variables) else { return failed }
            return inspect(i + 1, previousEnd: to, variables: &variables)
        case .byteExtract(let extract):
            guard let after = extract.extract(buffer, previousEnd: previousEnd, variables: &variables) else {
                return failed
            }
            return inspect(i + 1, previousEnd: after, variables: &variables)
        case .isDataAt(let check):
            guard check.matches(buffer, previousEnd: previousEnd, variables: variables) else { return failed }
            return inspect(i + 1, previousEnd: previousEnd, variables: &variables)
        }
    }
}

/// One worker's reusable state for inspection: PCRE2 match data, the
/// prefilter's candidate set and counters.
public final class InspectionScratch {
    let regex = RegexScratch()
    /// Matches a pcre gave up on at the match limit (counted, not alerted).
    public internal(set) var pcreLimitHits = 0
    var dotted: [UInt8] = []
    var candidates = CandidateSet()

    public init() {}
}

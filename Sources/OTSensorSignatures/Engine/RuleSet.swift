import Foundation

/// The rules loaded from files: parsed, sorted in Suricata's order, grouped
/// by protocol, direction and port, with what could not be loaded accounted for.
public struct RuleSet: Sendable {
    /// Signatures in match (and alert) order.
    public let signatures: [Signature]
    public let classifications: Classifications
    public internal(set) var report: LoadReport
    /// The rules by protocol, direction and port, each group with its
    /// prefilter (see `RuleGroups`).
    let groups: RuleGroups
    /// Which signatures need a detected protocol or an application buffer:
    /// a packet without them never meets the 85% of ET Open that do.
    let needsApplication: [Bool]
    /// Which signatures are ip-only (checked on a flow direction's first packet).
    let ipOnly: [Bool]
    /// Whether each signature's payload matchers read packets, stream chunks or both.
    let streamRequirements: [StreamRequirement]
    /// Whether some rule reads TCP stream chunks: only then are connections'
    /// streams kept for inspection.
    public let inspectsStreams: Bool

    /// What loading found, for the manifest and `rules check`.
    public struct LoadReport: Sendable, Equatable {
        public var loaded = 0
        /// Rules skipped for a keyword (or protocol) the engine lacks, by keyword.
        public var unsupported: [String: Int] = [:]
        /// Rules that break the grammar, with file, line and reason.
        public var malformed: [Problem] = []
        public var duplicates = 0
        public var loadSeconds = 0.0
        /// Whether the rules came from the compiled-rules cache.
        public var cache = CacheState.off

        public struct Problem: Sendable, Equatable, CustomStringConvertible {
            public var file: String
            public var line: Int
            public var reason: String
            public var description: String { "\(file):\(line): \(reason)" }
        }

        public var skipped: Int { unsupported.values.reduce(0, +) + malformed.count + duplicates }
    }

    /// How the compiled-rules cache served a load.
    public enum CacheState: Sendable, Equatable {
        /// No cache was asked for.
        case off
        /// Read from the cache.
        case warm
        /// Compiled, with why the cache could not be used and whether it was written.
        case cold(String)
    }

    /// Loads rule files; a file that cannot be read is an error, a rule that
    /// cannot be parsed is reported and skipped. (`RuleCache.load` does the
    /// same through the compiled-rules cache.)
    public static func load(files: [String], variables: RuleVariables = .defaults) throws -> RuleSet {
        let started = DispatchTime.now().uptimeNanoseconds
        var set = compile(try RuleSource.read(files), variables: variables)
        set.stampLoadTime(since: started)
        return set
    }

    /// Parses and compiles rules read from files; the last non-empty
    /// classification.config beside them replaces the standard classtypes.
    static func compile(_ sources: [RuleSource], variables: RuleVariables) -> RuleSet {
        var classifications = Classifications.standard
        for (_, data) in RuleSource.classificationFiles(of: sources) {
            let parsed = Classifications.parse(String(decoding: data, as: UTF8.self))
            if !parsed.entries.isEmpty { classifications = parsed }
        }
        let parser = RuleParser(variables: variables, classifications: classifications)
        var builder = Builder()
        for source in sources {
            builder.add(text: String(decoding: source.contents, as: UTF8.self), file: source.path, parser: parser)
        }
        return RuleSet(builder.signatures, classifications: classifications, report: builder.report)
    }

    /// Rules given as text (tests, `rules check` on stdin).
    public static func parse(_ text: String, file: String = "<rules>", variables: RuleVariables = .defaults) -> RuleSet {
        let parser = RuleParser(variables: variables)
        var builder = Builder()
        builder.add(text: text, file: file, parser: parser)
        return RuleSet(builder.signatures, classifications: .standard, report: builder.report)
    }

    private mutating func stampLoadTime(since started: UInt64) {
        report.loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    init(_ signatures: [Signature], classifications: Classifications, report: LoadReport) {
        self.init(ordered: RuleOrder.sorted(signatures), classifications: classifications, report: report)
    }

    /// Rules already in match order, with their groups when the cache had them.
    init(ordered: [Signature], classifications: Classifications, report: LoadReport, groups: RuleGroups? = nil) {
        signatures = ordered
        self.classifications = classifications
        self.report = report
        self.groups = groups ?? RuleGroups(ordered, fastPatterns: ordered.map(FastPattern.choose))
        needsApplication = ordered.map { $0.proto.isApplication || !$0.requiredAppBuffers.isEmpty }
        ipOnly = ordered.map(\.isIPOnly)
        streamRequirements = ordered.map(StreamRequirement.init)
        inspectsStreams = streamRequirements.contains { $0.contains(.stream) }
    }

    /// Reads rule files' lines: comments and blank lines skipped, `\` at the
    /// end of a line continues the rule, duplicate sids keep the first.
    struct Builder {
        var signatures: [Signature] = []
        var report = LoadReport()
        var sids: Set<UInt64> = []

        mutating func add(text: String, file: String, parser: RuleParser) {
            var pending = "", startLine = 0
            for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var line = String(raw).trimmingSpaces
                if pending.isEmpty {
                    if line.isEmpty || line.hasPrefix("#") { continue }
                    startLine = number + 1
                }
                if line.hasSuffix("\\") {
                    line.removeLast()
                    pending += line
                    continue
                }
                pending += line
                addRule(pending, file: file, line: startLine, parser: parser)
                pending = ""
            }
            if !pending.isEmpty { addRule(pending, file: file, line: startLine, parser: parser) }
        }

        private mutating func addRule(_ text: String, file: String, line: Int, parser: RuleParser) {
            do throws(RuleParser.Failure) {
                var signature = try parser.parse(text)
                signature.file = file
                signature.line = line
                let key = UInt64(signature.gid) << 32 | UInt64(signature.sid)
                guard sids.insert(key).inserted else {
                    report.duplicates += 1
                    report.malformed.append(.init(file: file, line: line, reason: "duplicate sid \(signature.sid)"))
                    return
                }
                signatures.append(signature)
                report.loaded += 1
            } catch {
                switch error {
                case .unsupported(let keyword): report.unsupported[keyword, default: 0] += 1
                case .malformed(let reason): report.malformed.append(.init(file: file, line: line, reason: reason))
                }
            }
        }
    }
}

/// Suricata's signature order (detect-engine-sigorder.c): action (pass
/// first), flowbit setters before readers before rules without flowbits,
/// priority, then load order (Suricata's merge keeps it among equals).
enum RuleOrder {
    static func sorted(_ signatures: [Signature]) -> [Signature] {
        signatures.enumerated().sorted { a, b in
            let ka = key(a.element), kb = key(b.element)
            if ka.action != kb.action { return ka.action < kb.action }
            if ka.flowbits != kb.flowbits { return ka.flowbits > kb.flowbits }
            if ka.priority != kb.priority { return ka.priority < kb.priority }
            return a.offset < b.offset
        }.map(\.element)
    }

    static func key(_ s: Signature) -> (action: Int, flowbits: Int, priority: Int) {
        let action: Int
        switch s.action {
        case .pass: action = 0
        case .drop: action = 1
        case .reject, .rejectsrc, .rejectdst, .rejectboth: action = 2
        case .alert: action = 3
        }
        // As SCSigGetFlowbitsType: toggle counts as neither.
        let sets = s.flowbits.contains { $0.kind == .set || $0.kind == .unset }
        let reads = s.flowbits.contains { $0.isCondition }
        let flowbits = sets && reads ? 3 : sets ? 4 : reads ? 2 : 1
        return (action, flowbits, s.priority ?? 3)
    }
}

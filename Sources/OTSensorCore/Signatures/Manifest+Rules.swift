import OTSensorSignatures

extension Manifest {
    /// manifest.json's `rules`: what was loaded, what was skipped and why.
    public struct Rules: Codable, Sendable {
        public var loaded: Int
        /// Skipped rules by reason: `unsupported:<keyword>`, `malformed`, `duplicate_sid`.
        public var skipped: [String: Int]
        public var loadSeconds: Double
        /// pcre matches abandoned at Suricata's match limit (counted as no match).
        public var pcreMatchLimitHits: Int
        /// The first malformed rules, as `file:line: reason`.
        public var malformed: [String]
        /// `warm`: read from the compiled-rules cache; `cold`: compiled (the
        /// note says why the cache could not serve); `off`: no cache.
        public var cache: String
        public var cacheNote: String?

        static let listedProblems = 20

        init(_ report: RuleSet.LoadReport, pcreLimitHits: Int) {
            loaded = report.loaded
            var skipped: [String: Int] = [:]
            for (keyword, count) in report.unsupported { skipped["unsupported:\(keyword)"] = count }
            let malformedCount = report.malformed.count - report.duplicates
            if malformedCount > 0 { skipped["malformed"] = malformedCount }
            if report.duplicates > 0 { skipped["duplicate_sid"] = report.duplicates }
            self.skipped = skipped
            loadSeconds = report.loadSeconds
            pcreMatchLimitHits = pcreLimitHits
            malformed = report.malformed.prefix(Self.listedProblems).map(\.description)
            switch report.cache {
            case .off: cache = "off"
            case .warm: cache = "warm"
            case .cold(let why):
                cache = "cold"
                cacheNote = why
            }
        }
    }
}

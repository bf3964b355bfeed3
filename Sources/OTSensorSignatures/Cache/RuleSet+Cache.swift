import Foundation

/// One rule file as read: its path and bytes (the cache key hashes the very
/// bytes that are parsed).
struct RuleSource {
    var path: String
    var contents: Data

    static func read(_ files: [String]) throws -> [RuleSource] {
        try files.map { RuleSource(path: $0, contents: try Data(contentsOf: URL(fileURLWithPath: $0))) }
    }

    /// The classification.config beside the files, in file order, each once.
    static func classificationFiles(of sources: [RuleSource]) -> [(path: String, contents: Data)] {
        var seen: Set<String> = []
        var found: [(String, Data)] = []
        for source in sources {
            let path = URL(fileURLWithPath: source.path).deletingLastPathComponent()
                .appendingPathComponent("classification.config").path
            guard seen.insert(path).inserted, let data = FileManager.default.contents(atPath: path) else { continue }
            found.append((path, data))
        }
        return found
    }
}

extension RuleSet {
    /// The payload of a cache entry: the classifications, the load report,
    /// the signatures in match order, and their groups and prefilters.
    func encodedForCache() -> [UInt8] {
        var out = CacheWriter()
        let entries = classifications.entries.sorted { $0.key < $1.key }
        out.count(entries.count)
        for (name, entry) in entries {
            out.string(name)
            out.string(entry.description)
            out.int(entry.priority)
        }
        out.value(report)
        out.array(signatures)
        out.value(groups)
        return out.bytes
    }

    static func decodeCached(_ payload: UnsafeRawBufferPointer) throws(CacheFormatError) -> RuleSet {
        var input = CacheReader(payload)
        var entries: [String: (description: String, priority: Int)] = [:]
        for _ in 0..<(try input.count()) {
            entries[try input.string()] = (try input.string(), try input.int())
        }
        let report: LoadReport = try input.value()
        let signatures: [Signature] = try input.array()
        let groups: RuleGroups = try input.value()
        guard input.isAtEnd else { throw CacheFormatError("bytes after the last group") }
        guard groups.groups.allSatisfy({ $0.members.allSatisfy { $0 >= 0 && Int($0) < signatures.count } }) else {
            throw CacheFormatError("a group names a rule that does not exist")
        }
        return RuleSet(ordered: signatures, classifications: Classifications(entries: entries), report: report,
                       groups: groups)
    }
}

extension RuleSet.LoadReport: CacheCodable {
    func write(to out: inout CacheWriter) {
        out.int(loaded)
        let unsupported = unsupported.sorted { $0.key < $1.key }
        out.count(unsupported.count)
        for (keyword, count) in unsupported {
            out.string(keyword)
            out.int(count)
        }
        out.count(malformed.count)
        for problem in malformed {
            out.string(problem.file)
            out.int(problem.line)
            out.string(problem.reason)
        }
        out.int(duplicates)
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        self.init()
        loaded = try input.int()
        for _ in 0..<(try input.count()) { unsupported[try input.string()] = try input.int() }
        for _ in 0..<(try input.count()) {
            malformed.append(Problem(file: try input.string(), line: try input.int(), reason: try input.string()))
        }
        duplicates = try input.int()
    }
}

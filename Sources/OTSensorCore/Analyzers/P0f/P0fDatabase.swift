import Foundation

/// A label of p0f's database: `s:unix:Linux:3.11 and newer`.
public struct P0fLabel: Sendable, Equatable {
    /// `g:` labels only win when no specific (`s:`) signature matched.
    public var isGeneric: Bool
    /// Class `!`: userland tools (NMap…), never reported from a fuzzy match.
    public var isUserland: Bool
    public var name: String
    /// Everything after the third colon, p0f-k's `[rule,specificity,vulnerability]` included.
    public var flavor: String
    /// p0f-k's suffix, when the flavor ends with one (appendix B).
    public var ruleID: Int?
    public var specificity: Int?
    public var vulnerability: Int?

    /// The `os` column: the name, then a space and the flavor when there is one.
    public var osText: String { flavor.isEmpty ? name : name + " " + flavor }
}

/// The TCP sections of a p0f 3 database (`[tcp:request]` for SYNs,
/// `[tcp:response]` for SYN+ACKs), parsed once per slice and shared read-only.
public struct P0fDatabase: Sendable {
    /// Debian's p0f package installs its database here.
    public static let defaultPath = "/etc/p0f/p0f.fp"
    public static let empty = P0fDatabase(labels: [], requests: [], responses: [])

    public internal(set) var labels: [P0fLabel]
    var requests: [P0fSignatureRule]
    var responses: [P0fSignatureRule]

    public var signatureCount: Int { requests.count + responses.count }

    /// Reads the database at `path`; a line p0f would refuse is an error naming it.
    public static func load(path: String) throws -> P0fDatabase {
        guard let data = FileManager.default.contents(atPath: path) else { throw P0fDatabaseError.unreadable(path: path) }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// The database for one slice: a missing file is not fatal (rows say `???`
    /// and the manifest carries the warning); a malformed one is.
    public static func loadForSlice(path: String?) throws -> (database: P0fDatabase, warning: String?) {
        guard let path else { return (.empty, nil) }
        guard FileManager.default.fileExists(atPath: path) else {
            return (.empty, "p0f database \(path) not found: p0f-k.log rows have os ??? "
                        + "(install Debian's p0f package with scripts/install-deps.sh, or pass --p0f-db FILE)")
        }
        return (try load(path: path), nil)
    }

    /// Parses database text; `path` only names the source in errors. Public for the
    /// fuzz target in Fuzz/ (fuzz-p0f-db), which feeds it bytes without a file.
    public static func parse(_ text: String, path: String) throws -> P0fDatabase {
        var parser = P0fDatabaseParser(path: path)
        // Lines are cut at LF bytes: splitting by `Character` walks grapheme boundaries, slow for no gain here.
        for (index, line) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            try parser.consume(Substring(line), number: index + 1)
        }
        return parser.database
    }
}

/// A database line p0f would refuse, or a file that cannot be read.
public enum P0fDatabaseError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String)
    case malformedLine(path: String, line: Int, reason: String, text: String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read p0f database \(path)"
        case .malformedLine(let path, let line, let reason, let text):
            "p0f database \(path) line \(line): \(reason): \(text)"
        }
    }
}

/// Reads the database line by line, as p0f's readfp.c: sections, `label =`
/// then its `sig =` lines; only the TCP sections are kept.
struct P0fDatabaseParser {
    let path: String
    var database = P0fDatabase(labels: [], requests: [], responses: [])
    private var section = ""
    private var label: Int?
    private var lineNumber = 0
    private var lineText: Substring = ""

    init(path: String) { self.path = path }

    mutating func consume(_ raw: Substring, number: Int) throws {
        lineNumber = number
        lineText = raw
        let line = raw.trimmingCSpaces()
        if line.isEmpty || line.hasPrefix(";") { return }
        if line.hasPrefix("[") {
            guard line.hasSuffix("]") else { throw fail("unterminated section name") }
            section = String(line.dropFirst().dropLast())
            guard ["mtu", "tcp:request", "tcp:response", "http:request", "http:response"].contains(section) else {
                throw fail("unknown section [\(section)]")
            }
            label = nil
            return
        }
        // Found among the bytes: '=' is ASCII, and a `Character` search walks grapheme boundaries.
        guard let equals = line.utf8.firstIndex(of: UInt8(ascii: "=")) else { throw fail("expected 'name = value'") }
        let key = line[..<equals].trimmingCSpaces()
        let value = String(line[line.utf8.index(after: equals)...].trimmingCSpaces())
        guard !value.isEmpty else { throw fail("empty value") }
        switch key {
        case "classes", "ua_os":
            return
        case "label":
            guard !section.isEmpty else { throw fail("label outside a section") }
            guard section.hasPrefix("tcp:") else { return }
            database.labels.append(try parseLabel(value))
            label = database.labels.count - 1
        case "sys":
            guard !section.isEmpty else { throw fail("sys outside a section") }
        case "sig":
            guard !section.isEmpty else { throw fail("sig outside a section") }
            guard section.hasPrefix("tcp:") else { return }
            guard let label else { throw fail("sig before any label") }
            do {
                let rule = try P0fSignatureRule(parsing: value, label: label, line: lineNumber)
                if section == "tcp:request" { database.requests.append(rule) } else { database.responses.append(rule) }
            } catch let error as P0fSignatureRule.SyntaxError {
                throw fail(error.reason)
            }
        default:
            throw fail("unknown field '\(key)'")
        }
    }

    private func parseLabel(_ value: String) throws -> P0fLabel {
        let parts = value.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "s" || parts[0] == "g", !parts[1].isEmpty, !parts[2].isEmpty else {
            throw fail("malformed label (expected s|g:class:name:flavor)")
        }
        let flavor = String(parts[3])
        var label = P0fLabel(isGeneric: parts[0] == "g", isUserland: parts[1] == "!", name: String(parts[2]),
                             flavor: flavor)
        // p0f-k: "[rule_id,specificity,vulnerability]" closes the flavor.
        if flavor.hasSuffix("]"), let open = flavor.lastIndex(of: "[") {
            let numbers = flavor[flavor.index(after: open)..<flavor.index(before: flavor.endIndex)]
                .fields(separatedBy: ",").map { Int($0) }
            if numbers.count == 3, let rule = numbers[0], let specificity = numbers[1], let vulnerability = numbers[2] {
                label.ruleID = rule
                label.specificity = specificity
                label.vulnerability = vulnerability
            }
        }
        return label
    }

    private func fail(_ reason: String) -> P0fDatabaseError {
        .malformedLine(path: path, line: lineNumber, reason: reason, text: String(lineText))
    }
}

private extension Substring {
    /// Without the C `isspace` bytes at either end, as p0f's readfp.c skips
    /// them. Foundation's Unicode-aware trimming cost more than the rest of the
    /// database parse together, and every slice parses the database.
    func trimmingCSpaces() -> Substring {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}

import Foundation
import TOMLKit

/// Reads a TOML configuration file into a `SensorConfiguration`. Unknown keys and
/// values of the wrong type are errors, so a typo never silently falls back to a
/// default on an unattended box; every one is reported, not only the first.
public enum ConfigurationFile {
    public static func load(path: String) throws -> SensorConfiguration {
        try parse(try read(path: path), source: path)
    }

    /// The file's text, or why it cannot be read.
    static func read(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read (permission denied?)" : "no such file"
            throw ConfigurationError("\(path): \(reason)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The configuration; its problems, one line each, are thrown together.
    public static func parse(_ text: String, source: String) throws -> SensorConfiguration {
        let (configuration, problems) = try parseReportingProblems(text, source: source)
        guard problems.isEmpty else { throw ConfigurationError(problems.joined(separator: "\n")) }
        return configuration
    }

    /// The configuration with every setting that could be read, and one line per
    /// key of the wrong type or unknown; a file that is not TOML at all throws.
    static func parseReportingProblems(_ text: String, source: String) throws -> (SensorConfiguration, [String]) {
        try checkTableHeaders(text, source: source)
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError("\(source): line \(error.source.begin.line): \(error.description)")
        }
        var configuration = SensorConfiguration()
        var reader = TableReader(table: root, path: "", source: source)
        reader.string("label") { configuration.label = $0 }
        reader.string("spool") { configuration.spool = $0 }
        reader.string("log_level") { configuration.logLevel = $0 }
        reader.section("capture") { section in
            section.string("interface") { configuration.interface = $0 }
            section.int("rotate") { configuration.rotateSeconds = $0 }
            section.int("snaplen") { configuration.snaplen = $0 }
            section.string("filter") { configuration.filter = $0.isEmpty ? nil : $0 }
        }
        reader.section("run") { section in
            section.int("threads") { configuration.threads = $0 }
            section.string("format") { configuration.format = $0 }
            section.string("layout") { configuration.layout = $0 }
            section.string("local_nets") { configuration.localNets = $0 }
            section.int("zstd_level") { configuration.zstdLevel = $0 }
            section.bool("keep_pcap") { configuration.keepPcap = $0 }
            section.string("process_values") { configuration.processValues = $0 }
        }
        reader.section("rules") { section in
            section.string("path") {
                configuration.rulesPath = $0
                configuration.rulesPathConfigured = true
            }
            section.string("vars") { configuration.ruleVarsPath = $0.isEmpty ? nil : $0 }
        }
        reader.section("upload") { section in
            section.string("url") { configuration.uploadURL = $0 }
            section.string("ca") { configuration.caFile = $0 }
            section.string("cert") { configuration.certificateFile = $0 }
            section.string("key") { configuration.keyFile = $0 }
            section.number("timeout") { configuration.timeoutSeconds = $0 }
            section.bool("keep_sent") { configuration.keepSent = $0 }
        }
        reader.section("retention") { section in
            section.number("keep_days") { configuration.keepDays = $0 }
            section.number("max_gb") { configuration.maxGigabytes = $0 }
        }
        reader.rejectUnknownKeys()
        return (configuration, reader.problems)
    }

    /// A table header whose first character is not a key's (`[+run]`, `[.run]`, `[#]`, or a
    /// `[` that ends its line) makes
    /// toml++ (under TOMLKit) fail an assertion and abort the process instead of reporting a
    /// parse error (found by fuzz-config), so such a header is an error here first. A line
    /// that starts with `[` inside a multi-line array or string is checked too: neither is a
    /// valid value for any setting.
    private static func checkTableHeaders(_ text: String, source: String) throws {
        var number = 0
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            var rest = line.drop { $0 == 0x20 || $0 == 0x09 }
            guard rest.first == UInt8(ascii: "[") else { continue }
            rest = rest.dropFirst()
            if rest.first == UInt8(ascii: "[") { rest = rest.dropFirst() }
            rest = rest.drop { $0 == 0x20 || $0 == 0x09 }
            guard let first = rest.first, first != 0x0D else {
                throw ConfigurationError("\(source): line \(number): a table header must begin with a key, not the end of the line")
            }
            let isKeyStart = (0x30...0x39).contains(first) || (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first)
                || first == UInt8(ascii: "_") || first == UInt8(ascii: "-") || first == UInt8(ascii: "\"")
                || first == UInt8(ascii: "'") || first == UInt8(ascii: "]")
            guard !isKeyStart else { continue }
            let shown = first < 0x80 ? String(UnicodeScalar(first)) : "a non-ASCII byte"
            throw ConfigurationError("\(source): line \(number): a table header must begin with a key, not '\(shown)'")
        }
    }
}

public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Typed access to one TOML table that remembers which keys were read.
private struct TableReader {
    let table: TOMLTable
    let path: String
    let source: String
    private var known: Set<String> = []
    /// Keys of the wrong type and unknown keys, in the order met.
    private(set) var problems: [String] = []

    init(table: TOMLTable, path: String, source: String) {
        self.table = table
        self.path = path
        self.source = source
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private mutating func value(_ key: String) -> TOMLValueConvertible? {
        known.insert(key)
        return table[key]
    }

    private mutating func wrongType(_ key: String, _ expected: String) {
        problems.append("\(source): \(name(key)) must be \(expected)")
    }

    mutating func string(_ key: String, _ apply: (String) -> Void) {
        guard let value = value(key) else { return }
        guard let text = value.string else { return wrongType(key, "a string") }
        apply(text)
    }

    mutating func int(_ key: String, _ apply: (Int) -> Void) {
        guard let value = value(key) else { return }
        guard let number = value.int else { return wrongType(key, "an integer") }
        apply(number)
    }

    mutating func number(_ key: String, _ apply: (Double) -> Void) {
        guard let value = value(key) else { return }
        guard let number = value.double ?? value.int.map(Double.init) else { return wrongType(key, "a number") }
        apply(number)
    }

    mutating func bool(_ key: String, _ apply: (Bool) -> Void) {
        guard let value = value(key) else { return }
        guard let flag = value.bool else { return wrongType(key, "true or false") }
        apply(flag)
    }

    mutating func section(_ key: String, _ read: (inout TableReader) -> Void) {
        guard let value = value(key) else { return }
        guard let table = value.table else { return wrongType(key, "a table ([\(key)])") }
        var reader = TableReader(table: table, path: name(key), source: source)
        read(&reader)
        reader.rejectUnknownKeys()
        problems += reader.problems
    }

    mutating func rejectUnknownKeys() {
        for unknown in table.keys.sorted() where !known.contains(unknown) {
            problems.append("\(source): unknown setting '\(name(unknown))'")
        }
    }
}

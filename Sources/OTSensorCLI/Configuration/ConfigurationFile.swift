import Foundation
import TOMLKit

/// Reads a TOML configuration file into a `SensorConfiguration`. Unknown keys and
/// values of the wrong type are errors, so a typo never silently falls back to a
/// default on an unattended box.
public enum ConfigurationFile {
    public static func load(path: String) throws -> SensorConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("\(path): cannot be read")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    public static func parse(_ text: String, source: String) throws -> SensorConfiguration {
        try checkTableHeaders(text, source: source)
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError("\(source): line \(error.source.begin.line): \(error.description)")
        }
        var configuration = SensorConfiguration()
        var reader = TableReader(table: root, path: "", source: source)
        try reader.string("label") { configuration.label = $0 }
        try reader.string("spool") { configuration.spool = $0 }
        try reader.string("log_level") { configuration.logLevel = $0 }
        try reader.section("capture") { section in
            try section.string("interface") { configuration.interface = $0 }
            try section.int("rotate") { configuration.rotateSeconds = $0 }
            try section.int("snaplen") { configuration.snaplen = $0 }
            try section.string("filter") { configuration.filter = $0.isEmpty ? nil : $0 }
        }
        try reader.section("run") { section in
            try section.int("threads") { configuration.threads = $0 }
            try section.string("format") { configuration.format = $0 }
            try section.string("layout") { configuration.layout = $0 }
            try section.string("local_nets") { configuration.localNets = $0 }
            try section.int("zstd_level") { configuration.zstdLevel = $0 }
            try section.bool("keep_pcap") { configuration.keepPcap = $0 }
        }
        try reader.section("upload") { section in
            try section.string("url") { configuration.uploadURL = $0 }
            try section.string("ca") { configuration.caFile = $0 }
            try section.string("cert") { configuration.certificateFile = $0 }
            try section.string("key") { configuration.keyFile = $0 }
            try section.number("timeout") { configuration.timeoutSeconds = $0 }
            try section.bool("keep_sent") { configuration.keepSent = $0 }
        }
        try reader.section("retention") { section in
            try section.number("keep_days") { configuration.keepDays = $0 }
            try section.number("max_gb") { configuration.maxGigabytes = $0 }
        }
        try reader.rejectUnknownKeys()
        return configuration
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

    private func wrongType(_ key: String, _ expected: String) -> ConfigurationError {
        ConfigurationError("\(source): \(name(key)) must be \(expected)")
    }

    mutating func string(_ key: String, _ apply: (String) -> Void) throws {
        guard let value = value(key) else { return }
        guard let text = value.string else { throw wrongType(key, "a string") }
        apply(text)
    }

    mutating func int(_ key: String, _ apply: (Int) -> Void) throws {
        guard let value = value(key) else { return }
        guard let number = value.int else { throw wrongType(key, "an integer") }
        apply(number)
    }

    mutating func number(_ key: String, _ apply: (Double) -> Void) throws {
        guard let value = value(key) else { return }
        guard let number = value.double ?? value.int.map(Double.init) else { throw wrongType(key, "a number") }
        apply(number)
    }

    mutating func bool(_ key: String, _ apply: (Bool) -> Void) throws {
        guard let value = value(key) else { return }
        guard let flag = value.bool else { throw wrongType(key, "true or false") }
        apply(flag)
    }

    mutating func section(_ key: String, _ read: (inout TableReader) throws -> Void) throws {
        guard let value = value(key) else { return }
        guard let table = value.table else { throw wrongType(key, "a table ([\(key)])") }
        var reader = TableReader(table: table, path: name(key), source: source)
        try read(&reader)
        try reader.rejectUnknownKeys()
    }

    func rejectUnknownKeys() throws {
        if let unknown = table.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConfigurationError("\(source): unknown setting '\(name(unknown))'")
        }
    }
}

import Foundation

/// manifest.json: what was read, how, what was written, and what went wrong.
/// It is written last, so its presence means the slice's output is complete.
///
/// Its sections come in the order an operator reads them: `schema`, `tool`,
/// `input`, `run`, `counts`, `files`, `rules` (with `--rules` only),
/// `anomalies`, `warnings`; the keys inside
/// a section are sorted. docs/manifest.schema.json describes every key.
public struct Manifest: Sendable {
    /// Raised when a key is removed or changes meaning; new keys keep it.
    public static let schemaVersion = 1

    public struct Tool: Codable, Sendable {
        public var name = "otsensor"
        public var version = OTSensorVersion.current
    }

    /// The captures read, merged by packet time into one stream.
    public struct Input: Codable, Sendable {
        public var files: [InputFile]
        /// The first and last packet times: Zeek's epoch seconds and ISO 8601 UTC.
        public var firstTime: String?
        public var firstTimeIso: String?
        public var lastTime: String?
        public var lastTimeIso: String?
        /// A capture ended inside a record or had a corrupt record.
        public var truncated: Bool
        /// libpcap's received/dropped counts when the capture came from `otsensor
        /// capture` (absent for a capture made elsewhere).
        public var capture: CaptureStatistics?
    }

    public struct InputFile: Codable, Sendable {
        public var path: String
        public var size: Int
        public var sha256: String
        /// Where `sha256` comes from: "computed", "sidecar" (`CAPTURE.sha256`,
        /// written by `otsensor capture`), or "verified" (both, equal).
        public var sha256Source: String
        /// The first interface's link type, as a DLT number and libpcap's name.
        public var linkType: Int32
        public var linkTypeName: String
        /// Every interface's link type (pcapng files may have several).
        public var linkTypes: [Int32]
    }

    /// Who ran the slice, when, and with which options.
    public struct Run: Codable, Sendable {
        public var sensorLabel: String?
        public var host: String
        /// Wall-clock start: epoch seconds and ISO 8601 UTC.
        public var started: Double
        public var startedIso: String
        public var wallSeconds: Double
        /// Where the CPU time went, for finding the next step in speed.
        public var cpuSeconds: CPUSeconds
        public var threads: Int
        public var shards: Int
        public var options: Options
    }

    /// CPU seconds by pipeline stage, each summed over the threads that ran it,
    /// and the whole process's (start-up, rule loading and the manifest included).
    public struct CPUSeconds: Codable, Sendable {
        public var read: Double
        public var decode: Double
        public var fragments: Double
        public var analysis: Double
        public var logWriting: Double
        public var digest: Double
        public var process: Double
    }

    public struct Options: Codable, Sendable, Equatable {
        public var layout: String
        public var format: String
        /// CIDRs, or "none".
        public var localNets: String
        public var p0fDb: P0fDB?
        public var processValues: String
        public var filter: String?
        public var connOnly: Bool
        public var verifyChecksums: Bool
    }

    /// The p0f database p0f-k.log was labelled with; `sha256` is absent when the file is missing.
    public struct P0fDB: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String?
    }

    public struct Counts: Codable, Sendable {
        public var read: Int
        public var decoded: Int
        /// Packets `--filter` did not accept (not counted in `read`).
        public var filteredOut: Int
        public var skipped: [String: Int]
        public var nonIPByEtherType: [String: Int]
        /// Frames of link types otsensor does not decode, by link type (DLT number).
        public var unsupportedByLinkType: [String: Int]
        public var fragments: Int
        public var reassembledDatagrams: Int
        public var droppedFragmentDatagrams: Int
    }

    /// What carried state (`--state`) did for the slice.
    public struct State: Codable, Sendable {
        public var directory: String
        /// How the slice began: continuing which slice, or why without state.
        public var started = ""
        /// Connections taken from the state file.
        public var loaded = 0
        /// Connections open at the end, saved for the next slice.
        public var saved = 0
        /// Open connections that did not fit the state file's limits.
        public var evicted = 0

        init(directory: String) { self.directory = directory }
    }

    public struct OutputFile: Codable, Sendable {
        public var file: String
        public var bytes: Int
        public var records: Int
        public var sha256: String
    }

    public var schema = Manifest.schemaVersion
    public var tool = Tool()
    public var input: Input
    public var run: Run
    public var counts: Counts
    public var files: [OutputFile]
    /// Records the analyzers skipped as malformed, by reason (`s7comm.tpkt_too_short`: 3).
    public var anomalies: [String: Int]
    public var warnings: [String]
    /// The rules `--rules` loaded; absent without rules.
    public var rules: Rules? = nil
    public var state: State? = nil

    public var truncated: Bool { input.truncated }

    /// The JSON text: sections in the order above, keys inside them sorted,
    /// so that equal manifests are equal bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        func section(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated().map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : "  " + $0.element }
                .joined(separator: "\n")
        }
        var sections: [(String, String)] = [
            ("schema", try section(schema)), ("tool", try section(tool)), ("input", try section(input)),
            ("run", try section(run)), ("counts", try section(counts)), ("files", try section(files)),
        ]
        if let rules { sections.append(("rules", try section(rules))) }
        if let state { sections.append(("state", try section(state))) }
        sections += [("anomalies", try section(anomalies)), ("warnings", try section(warnings))]
        let body = sections.map { "  \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n")
        return Data("{\n\(body)\n}\n".utf8)
    }

    func write(to path: String) throws {
        try FileModes.write(try encoded(), to: path, mode: FileModes.data)
    }
}

public enum OTSensorVersion {
    public static let current = "0.1.0"
}

extension Timestamp {
    /// Zeek's `time` rendering: seconds with exactly six decimals.
    public var zeekText: String {
        let micros = microsecondsRounded
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let fraction = String(magnitude % 1_000_000)
        return "\(sign)\(magnitude / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
    }

    /// ISO 8601 in UTC with microseconds: `2026-11-23T10:41:00.123456Z`.
    public var isoText: String {
        let micros = microsecondsRounded
        var seconds = time_t(micros.floorDivided(by: 1_000_000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec),
                      Int(micros - micros.floorDivided(by: 1_000_000) * 1_000_000))
    }
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return self % divisor < 0 ? quotient - 1 : quotient
    }
}

import Foundation

/// manifest.json: what was read, what was written, and what went wrong. It is
/// written last, so its presence means the slice's output is complete.
public struct Manifest: Codable, Sendable {
    public struct Tool: Codable, Sendable {
        public var name = "otsensor"
        public var version = OTSensorVersion.current
    }

    public struct Input: Codable, Sendable {
        public var path: String
        public var size: Int
        public var sha256: String
        /// Where `sha256` comes from: "computed", "sidecar" (`CAPTURE.sha256`,
        /// written by `otsensor capture`), or "verified" (both, equal).
        public var sha256Source: String
        /// The first interface's link type.
        public var linkType: Int32
        /// Every interface's link type (pcapng files may have several).
        public var linkTypes: [Int32]
    }

    public struct Packets: Codable, Sendable {
        public var read: Int
        public var decoded: Int
        public var skipped: [String: Int]
        public var nonIPByEtherType: [String: Int]
        /// Frames of link types otsensor does not decode, by link type (DLT number).
        public var unsupportedByLinkType: [String: Int]
        public var fragments: Int
        public var reassembledDatagrams: Int
        public var droppedFragmentDatagrams: Int
        public var firstTime: String?
        public var lastTime: String?
    }

    public struct OutputFile: Codable, Sendable {
        public var file: String
        public var bytes: Int
        public var records: Int
        public var sha256: String
    }

    public struct Run: Codable, Sendable {
        public var wallSeconds: Double
        public var threads: Int
        public var shards: Int
        public var format: String
    }

    public var tool = Tool()
    public var input: Input
    public var packets: Packets
    public var outputs: [OutputFile]
    /// libpcap's received/dropped counts when the capture came from `otsensor
    /// capture` (absent for a capture made elsewhere).
    public var capture: CaptureStatistics?
    /// Records the analyzers skipped as malformed, by reason (`s7comm.tpkt_too_short`: 3).
    public var anomalies: [String: Int]
    public var run: Run
    /// Present when the capture ended inside a record or had a corrupt record.
    public var truncated: Bool
    public var warnings: [String]
    /// The rules `--rules` loaded; absent without rules.
    public var rules: Rules? = nil

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(self)
        data.append(0x0A)
        try FileModes.write(data, to: path, mode: FileModes.data)
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
}

import Foundation
import XCTest

/// Debian's p0f 3.09b run on a capture: its (mod, address, os, raw_sig) per
/// fingerprinted SYN and SYN+ACK, from `p0f -r CAPTURE -o LOG`.
enum P0fOracle {
    struct Line: Equatable, CustomStringConvertible {
        var mod: String
        var address: String
        var os: String
        var rawSignature: String

        var description: String { "\(mod) \(address) \(os) \(rawSignature)" }
    }

    static let binary = "/usr/sbin/p0f"

    static func run(capture: String) throws -> [Line] {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            XCTFail("p0f is not installed (\(binary)): run scripts/install-deps.sh --test")
            return []
        }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("p0f-oracle-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-r", capture, "-o", log.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            XCTFail("p0f -r \(capture) exited with \(process.terminationStatus)")
            return []
        }
        return try String(contentsOf: log, encoding: .utf8).split(separator: "\n").compactMap(parse)
    }

    /// `[date] mod=syn|cli=1.2.3.4/5|srv=…|subj=cli|os=…|dist=0|params=…|raw_sig=…`
    private static func parse(_ line: Substring) -> Line? {
        guard let bracket = line.firstIndex(of: "]") else { return nil }
        var fields: [String: String] = [:]
        for part in line[line.index(after: bracket)...].trimmingCharacters(in: .whitespaces).split(separator: "|") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            fields[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        guard let mod = fields["mod"], mod == "syn" || mod == "syn+ack", let subject = fields["subj"],
              let endpoint = fields[subject], let slash = endpoint.lastIndex(of: "/") else { return nil }
        return Line(mod: mod, address: String(endpoint[..<slash]), os: fields["os"] ?? "", rawSignature: fields["raw_sig"] ?? "")
    }
}

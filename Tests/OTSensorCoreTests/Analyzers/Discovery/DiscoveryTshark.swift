import CaptureGenerator
import Foundation
import XCTest

/// tshark as an independent decoder of the discovery protocols: its dissectors
/// (dhcp, dhcpv6, nbns, browser, http for SSDP) must read the same values as
/// our analyzers on every test capture and fixture.
enum DiscoveryTshark {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let path = "/usr/bin/tshark"

    /// One row per frame matching `filter`, one column per field; repeated
    /// fields joined by `,`. Fails (never skips) when tshark is absent.
    static func fields(_ capture: String, filter: String, _ fields: [String]) throws -> [[String]] {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "tshark is required by the discovery oracle tests: run scripts/install-deps.sh --test")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-r", capture, "-n", "-Y", filter, "-T", "fields", "-E", "separator=/t",
                             "-E", "occurrence=a", "-E", "aggregator=,"] + fields.flatMap { ["-e", $0] }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "tshark failed on \(capture) (\(process.terminationStatus)): \(errors)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Writes generated packets to a temporary pcap for tshark, removed when `test` ends.
    static func write(_ packets: [Packet], for test: XCTestCase) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-discovery-\(UUID().uuidString).pcap").path
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        try Capture(DiscoveryHarness.timeOrdered(packets)).write(to: path, format: .pcap())
        return path
    }

    /// tshark's epoch time `1547129924.510607000` as a log `time` (6 decimals).
    static func logTime(_ epoch: String) -> String {
        guard let dot = epoch.firstIndex(of: ".") else { return epoch + ".000000" }
        let fraction = epoch[epoch.index(after: dot)...]
        return String(epoch[..<dot]) + "." + (fraction + "000000").prefix(6)
    }

    /// Aggregates keyed rows as LOGS.md §4 does for one slice: a key's entry
    /// lasts 60 s from its first event; rows in first-seen order. `events` are
    /// (epoch seconds text, key columns) in capture order.
    static func aggregate(_ events: [(time: String, key: [String])]) -> [[String]] {
        var open: [[String]: Double] = [:]
        var rows: [(Double, Int, [String])] = []
        for (time, key) in events {
            let t = Double(time) ?? 0
            if let first = open[key], t - first <= 60 { continue }
            open[key] = t
            rows.append((t, rows.count, [logTime(time)] + key))
        }
        return rows.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.2)
    }
}

import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// Runs the real slice pipeline (SliceProcessor, the code behind `process-slice`)
// on a generated or fixture capture and reads an analyzer log back: used by the
// arp, ns, p0f-k and yaf_flow tests.

/// One run's output files, read into memory.
struct SliceLogRun {
    let files: [String: String]
    let manifest: [String: Any]

    /// The file's data rows (lines not starting with `#`), each split on TAB.
    func rows(_ file: String) -> [[String]] {
        (files[file] ?? "").split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The data rows as whole lines.
    func lines(_ file: String) -> [String] {
        (files[file] ?? "").split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    var anomalies: [String: Int] { manifest["anomalies"] as? [String: Int] ?? [:] }
    var warnings: [String] { manifest["warnings"] as? [String] ?? [] }
}

enum SliceLogHarness {
    /// Writes `packets` as a pcap and runs the pipeline on it; `tune` may
    /// change the other options (shard count, chunk size).
    static func run(_ packets: [Packet], captureFormat: CaptureFileFormat = .pcap(), format: LogFormat = .osect,
                    threads: Int = 2, p0fDatabase: String? = P0fDatabase.defaultPath,
                    tune: (inout SliceOptions) -> Void = { _ in }) throws -> SliceLogRun {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("otsensor-analyzer-logs-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let capturePath = directory.appendingPathComponent("capture.pcap").path
        try Capture(packets).write(to: capturePath, format: captureFormat)
        return try run(capture: capturePath, format: format, threads: threads, p0fDatabase: p0fDatabase, tune: tune)
    }

    /// Runs the pipeline on an existing capture file.
    static func run(capture path: String, format: LogFormat = .osect, threads: Int = 2,
                    p0fDatabase: String? = P0fDatabase.defaultPath,
                    tune: (inout SliceOptions) -> Void = { _ in }) throws -> SliceLogRun {
        let out = FileManager.default.temporaryDirectory
            .appendingPathComponent("otsensor-analyzer-out-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: out) }
        var options = SliceOptions(inputPath: path, outputPath: out.path, threads: threads, format: format,
                                   localNetworks: .zeekctlDefault)
        options.p0fDatabasePath = p0fDatabase
        tune(&options)
        _ = try SliceProcessor(options: options).run()
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            files[name] = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        }
        let data = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return SliceLogRun(files: files, manifest: manifest)
    }

    /// Runs with 1 and with 2 threads and checks that `file` is byte-identical.
    static func assertThreadIndependent(_ packets: [Packet], file name: String, format: LogFormat = .osect,
                                        file: StaticString = #filePath, line: UInt = #line) throws {
        let one = try run(packets, format: format, threads: 1)
        let two = try run(packets, format: format, threads: 2)
        XCTAssertEqual(one.files[name], two.files[name], "\(name) differs between --threads 1 and 2", file: file, line: line)
    }
}

/// A packet at `1700000000 s + milliseconds`.
func packetAt(_ milliseconds: Int64, _ bytes: [UInt8]) -> Packet {
    Packet(time: CaptureTime(seconds: 1_700_000_000 + milliseconds / 1000, microseconds: milliseconds % 1000 * 1000),
           bytes: bytes)
}

import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// The manifest's `run.cpu_seconds` says where a slice's CPU time went, stage
/// by stage, so a slow slice on a sensor (and bench.sh) can tell which stage to
/// look at. Each stage is charged by the threads that ran it, so no stage can
/// exceed the process's own CPU time, and a stage that did no work shows none.
final class StageTimesTests: XCTestCase {
    private func cpuSeconds(_ out: URL) throws -> [String: Double] {
        let run = try XCTUnwrap(EndToEnd.readManifest(out)["run"] as? [String: Any])
        return try XCTUnwrap(run["cpu_seconds"] as? [String: Double])
    }

    func testEveryStageThatWorkedIsChargedAndTheirSumFitsTheProcess() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let input = directory.appendingPathComponent("mixed.pcap").path
        let writer = try PcapWriter(path: input)
        _ = try BenchmarkCapture(targetFileBytes: 3_000_000, concurrentFlows: 300, seed: 5).write(to: writer)
        try writer.close()
        for threads in ["1", "2"] {
            let out = directory.appendingPathComponent("out-\(threads)")
            let result = try EndToEnd.runProcessSlice([input, "--out", out.lastPathComponent, "--threads", threads,
                                                       "--no-progress"], in: directory)
            XCTAssertEqual(result.status, 0, result.stderr)
            ManifestSchema.validate(out.appendingPathComponent("manifest.json"))
            let cpu = try cpuSeconds(out)
            for stage in ["read", "decode", "analysis", "log_writing", "digest", "process"] {
                XCTAssertGreaterThan(cpu[stage] ?? 0, 0, "\(stage) at \(threads) threads: \(cpu)")
            }
            // Unfragmented traffic: reassembly only looks at an empty list.
            XCTAssertLessThan(cpu["fragments"] ?? 1, 0.01, "\(cpu)")
            let stages = ["read", "decode", "fragments", "analysis", "log_writing", "digest"].map { cpu[$0] ?? 0 }
            // getrusage counts in microseconds, the thread clocks in nanoseconds.
            XCTAssertLessThanOrEqual(stages.reduce(0, +), (cpu["process"] ?? 0) + 0.005, "\(cpu)")
        }
    }

    func testADigestFromTheSidecarCostsNoDigestTime() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let name = "20261208T010000Z-a.pcap"
        let input = directory.appendingPathComponent(name).path
        try Capture(EndToEndFlows.tcpExchange()).write(to: input)
        // sha256sum's own line, as `otsensor capture` writes it.
        let sha256sum = Process()
        sha256sum.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        sha256sum.arguments = [name]
        sha256sum.currentDirectoryURL = directory
        FileManager.default.createFile(atPath: input + ".sha256", contents: nil)
        sha256sum.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: input + ".sha256"))
        try sha256sum.run()
        sha256sum.waitUntilExit()
        XCTAssertEqual(sha256sum.terminationStatus, 0)
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try cpuSeconds(directory.appendingPathComponent("out"))["digest"], 0)
    }
}

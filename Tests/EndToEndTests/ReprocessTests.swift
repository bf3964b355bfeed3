import CaptureGenerator
import Foundation
import XCTest

/// `otsensor reprocess` over generated archives: one output per slice with its
/// manifest, carried state along each stream, resumable after a kill, shards
/// that together give the unsharded tree, and bad slices reported while the
/// job goes on.
final class ReprocessTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
        _ = try Reprocess.binary()
    }

    /// A slice of the archive: where it is below `src`, its output below the destination,
    /// the SHA-256 of its (uncompressed) capture and its packets.
    private struct Slice {
        var relative: String
        var output: String
        var sha256: String
        var packets: Int
    }

    /// `src/plant-a/captures/`: 12 minutes of network 1 (pcap); `src/plant-b/`: 4 minutes of
    /// network 2, zstd-compressed; `src/plant-c/`: the same 4 minutes uncompressed.
    private func makeArchive(minutes: Int = 12) throws -> [String: [Slice]] {
        let src = directory.appendingPathComponent("src")
        var archive: [String: [Slice]] = [:]
        for (stream, network, length, compressed) in [("plant-a/captures", UInt8(1), minutes, false),
                                                      ("plant-b", 2, 4, true), ("plant-c", 2, 4, false)] {
            let cut = try ReprocessArchive.cut(ReprocessArchive.stream(minutes: length, network: network),
                                               into: src.appendingPathComponent(stream))
            let digests = try cut.map { try sha256sum($0.url) }
            let urls = compressed ? try ReprocessArchive.compress(cut.map(\.url)) : cut.map(\.url)
            archive[stream] = zip(zip(urls, digests), cut).map { pair, slice in
                let name = pair.0.lastPathComponent
                return Slice(relative: "\(stream)/\(name)", output: "\(stream)/\(name.prefix { $0 != "." })",
                             sha256: pair.1, packets: slice.packets.count)
            }
        }
        return archive
    }

    private func sha256sum(_ url: URL) throws -> String {
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [url.path]
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    private func text(_ destination: String, _ slice: Slice, _ log: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("\(destination)/\(slice.output)/\(log)"), encoding: .utf8)
    }

    func testEverySliceGetsItsLogsAndManifestAndASecondRunSkipsThemAll() throws {
        let archive = try makeArchive()
        let first = try Reprocess.run(["src", "--out", "dst", "--threads", "2"], in: directory)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("20 slices in 3 streams: 20 processed, 0 already done (skipped), 0 failed"),
                      first.stdout)
        XCTAssertEqual(first.stderr, "", "no progress line without a terminal, and nothing to warn about")
        let destination = directory.appendingPathComponent("dst")
        for (stream, slices) in archive {
            for (k, slice) in slices.enumerated() {
                let manifest = try Reprocess.manifest(destination, slice.output)
                ManifestSchema.validate(destination.appendingPathComponent("\(slice.output)/manifest.json"))
                let input = try XCTUnwrap((manifest["input"] as? [String: Any])?["files"] as? [[String: Any]]).first
                XCTAssertEqual(input?["path"] as? String, "src/\(slice.relative)")
                XCTAssertEqual(input?["sha256"] as? String, slice.sha256, slice.relative)
                XCTAssertEqual((manifest["counts"] as? [String: Any])?["read"] as? Int, slice.packets, slice.relative)
                // The state chain follows the time order: each slice continues the one before it.
                let started = (manifest["state"] as? [String: Any])?["started"] as? String
                XCTAssertEqual(started, k == 0 ? "no state file: the stream starts here"
                               : "continues the slice with input sha256 \(slices[k - 1].sha256)", "\(stream) slice \(k)")
            }
        }

        // Carried along the stream, the slices' conn.log rows and the last slice's conn_long.log
        // rows are the conn.log of one run over the whole capture (Zeek's view), uids aside.
        let whole = directory.appendingPathComponent("whole.pcap")
        try Capture(ReprocessArchive.stream(minutes: 12, network: 1)).write(to: whole.path)
        let one = try EndToEnd.runProcessSlice([whole.path, "--out", "one", "--no-progress"], in: directory)
        XCTAssertEqual(one.status, 0, one.stderr)
        func withoutUID(_ rows: [[String]]) -> [String] { rows.map { ($0.prefix(1) + $0.dropFirst(2)).joined(separator: "\t") }.sorted() }
        let plantA = try XCTUnwrap(archive["plant-a/captures"])
        var sliced = try plantA.flatMap { EndToEnd.tsvRows(try text("dst", $0, "conn.log")) }
        sliced += EndToEnd.tsvRows(try text("dst", plantA.last!, "conn_long.log"))
        let expected = EndToEnd.tsvRows(try String(contentsOf: directory.appendingPathComponent("one/conn.log"),
                                                   encoding: .utf8))
        XCTAssertEqual(withoutUID(sliced), withoutUID(expected))
        XCTAssertEqual(expected.count, 1 + 12 * 2 + 11 * 2 + 2, "marker, F and D each minute, X and C but in the last, L, I")

        // Compressed slices give the logs of the same captures uncompressed.
        for (b, c) in zip(try XCTUnwrap(archive["plant-b"]), try XCTUnwrap(archive["plant-c"])) {
            XCTAssertTrue(b.relative.hasSuffix(".pcap.zst"))
            for log in ["conn.log", "conn_long.log", "yaf_flow.log"] {
                XCTAssertEqual(try text("dst", b, log), try text("dst", c, log), "\(b.relative) \(log)")
            }
        }

        let manifests = try Reprocess.tree(destination).filter { $0.key.hasSuffix("manifest.json") }
        let second = try Reprocess.run(["src", "--out", "dst", "--threads", "2"], in: directory)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("20 slices in 3 streams: 0 processed, 20 already done (skipped), 0 failed"),
                      second.stdout)
        XCTAssertEqual(try Reprocess.tree(destination).filter { $0.key.hasSuffix("manifest.json") }, manifests)

        // Other options make every output outdated.
        let connOnly = try Reprocess.run(["src", "--out", "dst", "--conn-only"], in: directory)
        XCTAssertEqual(connOnly.status, 0, connOnly.stderr)
        XCTAssertTrue(connOnly.stdout.contains("20 processed, 0 already done"), connOnly.stdout)
    }

    /// SIGKILL once the first outputs are there, then a restart: the tree is the one a clean
    /// run makes, logs and manifests alike, with nothing left over.
    func testAKilledJobStartedAgainGivesTheTreeOfOneCleanRun() throws {
        _ = try makeArchive(minutes: 16)
        let clean = try Reprocess.run(["src", "--out", "clean"], in: directory)
        XCTAssertEqual(clean.status, 0, clean.stderr)

        let killed = directory.appendingPathComponent("killed")
        var kills = 0
        for _ in 0..<2 {
            let (process, _, _) = try Reprocess.start(["src", "--out", "killed"], in: directory)
            let before = try outputs(in: killed)
            while try process.isRunning && outputs(in: killed) <= before { usleep(2_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        XCTAssertGreaterThan(kills, 0, "the job finished before it could be killed: give it more slices")
        let restarted = try Reprocess.run(["src", "--out", "killed"], in: directory)
        XCTAssertEqual(restarted.status, 0, restarted.stderr)
        XCTAssertFalse(restarted.stdout.contains(" 0 already done"), restarted.stdout)
        try Reprocess.assertSameTree(directory.appendingPathComponent("clean"), killed, "killed and restarted")
    }

    private func outputs(in destination: URL) throws -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: destination.path) else { return 0 }
        return enumerator.allObjects.compactMap { $0 as? String }.filter { $0.hasSuffix("/manifest.json") }.count
    }

    /// Three shards at once into one destination, the third told its index the way a
    /// Kubernetes Indexed Job tells it, give the tree of one unsharded run.
    func testThreeShardsTogetherGiveTheUnshardedTree() throws {
        _ = try makeArchive()
        let whole = try Reprocess.run(["src", "--out", "whole"], in: directory)
        XCTAssertEqual(whole.status, 0, whole.stderr)

        func shards(into destination: String, _ extra: [String] = []) throws -> [OTSensorRun] {
            let started = [
                try Reprocess.start(["src", "--out", destination, "--shard", "1/3"] + extra, in: directory),
                try Reprocess.start(["src", "--out", destination, "--shard", "2/3"] + extra, in: directory),
                try Reprocess.start(["src", "--out", destination, "--shards", "3"] + extra, in: directory,
                                    environment: ["JOB_COMPLETION_INDEX": "2"]),
            ]
            return try started.map { process, stdout, stderr in
                process.waitUntilExit()
                return OTSensorRun(status: process.terminationStatus, stdout: try String(contentsOf: stdout, encoding: .utf8),
                                   stderr: try String(contentsOf: stderr, encoding: .utf8))
            }
        }
        let runs = try shards(into: "sharded")
        XCTAssertEqual(runs.map(\.status), [0, 0, 0], runs.map(\.stderr).joined())
        // plant-a's 12 slices: 4, 4, 4; plant-b's and plant-c's 4: 1, 1, 2.
        XCTAssertTrue(runs[0].stdout.contains("6 slices in 3 streams: 6 processed"), runs[0].stdout)
        XCTAssertTrue(runs[2].stdout.contains("8 slices in 3 streams: 8 processed"), runs[2].stdout)
        XCTAssertTrue(runs[2].stdout.contains("processed again to warm up"), runs[2].stdout)
        try Reprocess.assertSameTree(directory.appendingPathComponent("whole"),
                                     directory.appendingPathComponent("sharded"), "3 shards")

        // The test means something: warmed up with one slice only, the third shard misses the
        // connection idle since minute 5 that the whole run writes when it times out in minute 10.
        let shallow = try shards(into: "shallow", ["--warm-up", "1"])
        XCTAssertEqual(shallow.map(\.status), [0, 0, 0])
        XCTAssertNotEqual(try Reprocess.tree(directory.appendingPathComponent("whole")),
                          try Reprocess.tree(directory.appendingPathComponent("shallow")))
    }

    /// A slice that is not a capture, one cut mid-record and a compressed one cut short: each
    /// reported with its reason, the stream starts afresh after each, every other slice is
    /// processed, the status is 4.
    func testBadSlicesAreReportedAndTheStreamGoesOn() throws {
        let archive = try makeArchive(minutes: 6)
        let slices = try XCTUnwrap(archive["plant-a/captures"])
        let src = directory.appendingPathComponent("src")
        try Data("not a capture\n".utf8).write(to: src.appendingPathComponent(slices[2].relative))
        let cut = src.appendingPathComponent(slices[4].relative)
        let bytes = try Data(contentsOf: cut)
        try bytes.prefix(bytes.count - 10).write(to: cut)
        let compressed = src.appendingPathComponent(try XCTUnwrap(archive["plant-b"])[1].relative)
        let frame = try Data(contentsOf: compressed)
        try frame.prefix(frame.count / 2).write(to: compressed)

        let run = try Reprocess.run(["src", "--out", "dst"], in: directory)
        XCTAssertEqual(run.status, 4, run.stderr)
        XCTAssertTrue(run.stdout.contains("14 slices in 3 streams: 11 processed, 0 already done (skipped), 3 failed"),
                      run.stdout)
        XCTAssertTrue(run.stdout.contains("the zstd stream ends inside a frame (the compressed file is truncated)"),
                      run.stdout)
        XCTAssertTrue(run.stdout.contains("failed: \(slices[2].relative): src/\(slices[2].relative) is not a pcap or pcapng capture"),
                      run.stdout)
        XCTAssertTrue(run.stdout.contains("failed: \(slices[4].relative): damaged"), run.stdout)
        XCTAssertTrue(run.stderr.contains("the state of stream plant-a/captures starts afresh after it"), run.stderr)

        let destination = directory.appendingPathComponent("dst")
        XCTAssertFalse(FileManager.default.fileExists(atPath: destination.appendingPathComponent(slices[2].output).path))
        let damaged = try Reprocess.manifest(destination, slices[4].output)
        XCTAssertEqual((damaged["input"] as? [String: Any])?["truncated"] as? Bool, true)
        func started(_ k: Int) throws -> String? {
            (try Reprocess.manifest(destination, slices[k].output)["state"] as? [String: Any])?["started"] as? String
        }
        XCTAssertEqual(try started(1), "continues the slice with input sha256 \(slices[0].sha256)")
        XCTAssertEqual(try started(3), "no state file: the stream starts here", "reset after the bad slice")
        XCTAssertEqual(try started(5), "no state file: the stream starts here", "reset after the damaged slice")

        let again = try Reprocess.run(["src", "--out", "dst"], in: directory)
        XCTAssertEqual(again.status, 4, again.stderr)
        XCTAssertTrue(again.stdout.contains("0 processed, 11 already done (skipped), 3 failed"), again.stdout)
    }

    func testArgumentsAndAMissingArchiveAreRefused() throws {
        let noIndex = try Reprocess.run(["src", "--out", "dst", "--shards", "4"], in: directory,
                                        environment: ["JOB_COMPLETION_INDEX": ""])
        XCTAssertEqual(noIndex.status, 64)
        XCTAssertTrue(noIndex.stderr.contains("JOB_COMPLETION_INDEX"), noIndex.stderr)
        let outOfRange = try Reprocess.run(["src", "--out", "dst", "--shards", "4"], in: directory,
                                           environment: ["JOB_COMPLETION_INDEX": "4"])
        XCTAssertEqual(outOfRange.status, 64)
        XCTAssertTrue(outOfRange.stderr.contains("is not a shard of 4 (0 to 3)"), outOfRange.stderr)
        for shard in ["0/3", "4/3", "1", "a/b"] {
            XCTAssertEqual(try Reprocess.run(["src", "--out", "dst", "--shard", shard], in: directory).status, 64, shard)
        }
        XCTAssertEqual(try Reprocess.run(["src", "--out", "dst", "--shard", "1/2", "--shards", "2"], in: directory).status, 64)
        let missing = try Reprocess.run(["nowhere", "--out", "dst"], in: directory)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no such file: nowhere"), missing.stderr)
        // An archive with no slice yet is no error; a one-character --out is a name like any other.
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let empty = try Reprocess.run(["empty", "--out", "d"], in: directory)
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertTrue(empty.stdout.contains("0 slices in 0 streams"), empty.stdout)
    }
}

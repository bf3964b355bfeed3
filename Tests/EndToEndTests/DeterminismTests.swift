import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// The same capture always gives the same conn.log, whatever the thread count
/// or chunking, and from one run to the next.
final class DeterminismTests: XCTestCase {
    /// A few hundred mixed flows (TCP, DNS, other UDP, ICMP; IPv4/IPv6; some
    /// VLAN-tagged) interleaved as on a busy link, plus the small hand-made flows.
    private func writeMixedCapture(to path: String) throws -> Int {
        let writer = try PcapWriter(path: path)
        let summary = try BenchmarkCapture(targetFileBytes: 1_500_000, concurrentFlows: 300, seed: 42).write(to: writer)
        try writer.close()
        return summary.flows
    }

    private func runLibrary(_ input: String, out: URL, threads: Int, chunkBytes: Int? = nil,
                            chunkPackets: Int? = nil, log: String = "conn.log") throws -> Data {
        try runLibraryWithReport(input, out: out, threads: threads, chunkBytes: chunkBytes, chunkPackets: chunkPackets,
                                 log: log).log
    }

    private func runLibraryWithReport(_ input: String, out: URL, threads: Int, chunkBytes: Int? = nil,
                                      chunkPackets: Int? = nil, log: String) throws -> (log: Data, report: SliceReport) {
        var options = SliceOptions(inputPath: input, outputPath: out.path, threads: threads, format: .zeekTSV,
                                   localNetworks: .zeekctlDefault)
        if let chunkBytes { options.chunkBytes = chunkBytes }
        if let chunkPackets { options.chunkPackets = chunkPackets }
        let report = try SliceProcessor(options: options).run()
        XCTAssertFalse(report.truncated)
        ManifestSchema.validate(out.appendingPathComponent("manifest.json"))
        return (try Data(contentsOf: out.appendingPathComponent(log)), report)
    }

    func testThreadCountAndChunkingDoNotChangeConnLog() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let input = directory.appendingPathComponent("mixed.pcap").path
        let flows = try writeMixedCapture(to: input)
        XCTAssertGreaterThanOrEqual(flows, 300)

        let one = try runLibrary(input, out: directory.appendingPathComponent("t1"), threads: 1)
        let four = try runLibrary(input, out: directory.appendingPathComponent("t4"), threads: 4)
        let fourSmallChunks = try runLibrary(input, out: directory.appendingPathComponent("t4c"), threads: 4,
                                             chunkBytes: 64 << 10)
        let fourFewPackets = try runLibrary(input, out: directory.appendingPathComponent("t4p"), threads: 4,
                                            chunkPackets: 97)
        let again = try runLibrary(input, out: directory.appendingPathComponent("t1b"), threads: 1)
        XCTAssertEqual(one, four, "conn.log differs between --threads 1 and --threads 4")
        XCTAssertEqual(one, fourSmallChunks, "conn.log differs when the capture is read in small chunks")
        XCTAssertEqual(one, fourFewPackets, "conn.log differs when chunks are cut by packet count")
        XCTAssertEqual(one, again, "conn.log differs between two identical runs")

        // Sanity: a few hundred rows, unique base-62 uids, rows in ascending ts. (The length rule of
        // LOGS.md §5.3, C + 16–17 characters, is checked on small captures in OTSensorCoreTests.)
        let text = String(decoding: one, as: UTF8.self)
        let fields = EndToEnd.tsvFields(text)
        let rows = EndToEnd.tsvRows(text)
        XCTAssertGreaterThanOrEqual(rows.count, 300)
        let uidIndex = try XCTUnwrap(fields.firstIndex(of: "uid"))
        let tsIndex = try XCTUnwrap(fields.firstIndex(of: "ts"))
        let uids = rows.map { $0[uidIndex] }
        XCTAssertEqual(Set(uids).count, uids.count, "uids are not unique")
        for uid in uids {
            XCTAssertTrue(uid.hasPrefix("C") && uid.dropFirst().allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) },
                          "uid \(uid) is not C + base-62 characters")
        }
        let times = rows.compactMap { Double($0[tsIndex]) }
        XCTAssertEqual(times.count, rows.count)
        XCTAssertEqual(times, times.sorted(), "rows are not in ascending ts order (LOGS.md §2.3 Product)")
    }

    /// s7comm.log and iso_cotp.log are written while later chunks are still
    /// analysed, a chunk at a time: however the capture is cut, the files are
    /// the same, and their rows are in ts order.
    func testChunkingDoesNotChangeLogsWrittenDuringTheAnalysis() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let input = directory.appendingPathComponent("ot.pcap").path
        let writer = try PcapWriter(path: input)
        let summary = try OTBenchmarkCapture(targetFileBytes: 600_000, seed: 7, pollsPerSession: 40).write(to: writer)
        try writer.close()
        XCTAssertGreaterThan(summary.s7PDUs, 1_000)

        for log in ["s7comm.log", "iso_cotp.log"] {
            let oneChunk = try runLibrary(input, out: directory.appendingPathComponent("one-\(log)"), threads: 1, log: log)
            let manyChunks = try runLibrary(input, out: directory.appendingPathComponent("many-\(log)"), threads: 4,
                                            chunkPackets: 97, log: log)
            XCTAssertEqual(oneChunk, manyChunks, "\(log) differs when written over many chunks")
            let text = String(decoding: manyChunks, as: UTF8.self)
            let tsIndex = try XCTUnwrap(EndToEnd.tsvFields(text).firstIndex(of: "ts"))
            let times = EndToEnd.tsvRows(text).compactMap { Double($0[tsIndex]) }
            XCTAssertGreaterThan(times.count, 1_000)
            XCTAssertEqual(times, times.sorted(), "\(log) rows are not in ascending ts order")
        }
    }

    /// When the capture's times go back across chunks, a row can be older than
    /// rows already written (and let go); the slice is then analysed again
    /// with every row kept, says so in the manifest, and its logs are those
    /// of a run in one chunk.
    func testTimesGoingBackAcrossChunksGiveTheSameLogs() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let input = directory.appendingPathComponent("ot-back.pcap").path
        let writer = TimeShiftingWriter(try PcapWriter(path: input), packets: 400..<450, byNanoseconds: -1_000_000_000)
        _ = try OTBenchmarkCapture(targetFileBytes: 300_000, seed: 11, pollsPerSession: 40).write(to: writer)
        try writer.close()

        for log in ["s7comm.log", "iso_cotp.log"] {
            let one = try runLibraryWithReport(input, out: directory.appendingPathComponent("one-\(log)"), threads: 1,
                                               log: log)
            let many = try runLibraryWithReport(input, out: directory.appendingPathComponent("many-\(log)"), threads: 4,
                                                chunkPackets: 97, log: log)
            XCTAssertEqual(one.log, many.log, "\(log) differs when times go back across chunks")
            XCTAssertEqual(one.report.manifest.warnings, [])
            XCTAssertEqual(many.report.manifest.warnings,
                           ["capture times go back across chunks: the slice was analysed a second time to order the rows"])
        }
    }

    func testExecutableRunsAreByteIdentical() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let input = directory.appendingPathComponent("mixed.pcap").path
        _ = try writeMixedCapture(to: input)
        var logs: [Data] = []
        for (name, threads) in [("a", "1"), ("b", "4"), ("c", "4")] {
            let result = try EndToEnd.runProcessSlice([input, "--out", name, "--threads", threads, "--no-progress"],
                                                      in: directory)
            XCTAssertEqual(result.status, 0, result.stderr)
            logs.append(try Data(contentsOf: directory.appendingPathComponent(name).appendingPathComponent("conn.log")))
            let manifest = try EndToEnd.readManifest(directory.appendingPathComponent(name))
            let outputs = try XCTUnwrap(manifest["files"] as? [[String: Any]])
            XCTAssertEqual(outputs.first?["file"] as? String, "conn.log")
            XCTAssertEqual(outputs.first?["bytes"] as? Int, logs.last?.count)
        }
        XCTAssertEqual(logs[0], logs[1])
        XCTAssertEqual(logs[1], logs[2])
    }
}

/// Moves the times of some packets (by their index in the capture) while
/// writing: a capture whose clock jumps back.
private final class TimeShiftingWriter: PacketWriter {
    private let inner: PacketWriter
    private let packets: Range<Int>
    private let delta: Int64
    private var index = 0

    init(_ inner: PacketWriter, packets: Range<Int>, byNanoseconds delta: Int64) {
        self.inner = inner
        self.packets = packets
        self.delta = delta
    }

    func write(_ packet: Packet) throws {
        var packet = packet
        if packets.contains(index) { packet.time = packet.time.advanced(byNanoseconds: delta) }
        index += 1
        try inner.write(packet)
    }

    func close() throws { try inner.close() }

    var bytesWritten: Int { inner.bytesWritten }
}

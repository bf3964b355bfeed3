import CaptureGenerator
import Foundation
import XCTest

/// Damaged, missing and non-capture inputs and an existing output directory,
/// through the `process-slice` executable: exit status, message, and what is
/// (not) left on disk. Exit statuses as documented by `process-slice --help`:
/// 2 input missing/unreadable/not a capture, 3 output exists or unwritable,
/// 4 capture truncated or corrupt record (logs for every complete packet).
final class BadInputTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
    }

    private func write(_ bytes: [UInt8], to name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Nothing named `out*` may remain after a failed run: no half-written
    /// directory and no `out.tmp-*`.
    private func assertNoOutputLeft(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), [], "output left behind after a failure",
                       file: file, line: line)
    }

    /// Exit status 2 with one error line on stderr and nothing on disk.
    private func assertRejectedInput(_ path: String, mentioning words: [String] = [],
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try EndToEnd.runProcessSlice([path, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 2, "stderr: \(result.stderr)", file: file, line: line)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "expected one error line, got: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("process-slice: error: "), result.stderr, file: file, line: line)
        for word in words {
            XCTAssertTrue(result.stderr.contains(word), "'\(word)' not in: \(result.stderr)", file: file, line: line)
        }
        XCTAssertEqual(result.stdout, "", file: file, line: line)
        assertNoOutputLeft(file: file, line: line)
    }

    func testMissingFileExits2WithOneLine() throws {
        try assertRejectedInput(directory.appendingPathComponent("no-such.pcap").path,
                                mentioning: ["no such file", "no-such.pcap"])
    }

    func testZeroByteFileIsNotACapture() throws {
        try assertRejectedInput(try write([], to: "empty.pcap"), mentioning: ["empty.pcap", "not a pcap"])
    }

    func testTextFileIsNotACapture() throws {
        try assertRejectedInput(try write(Array("this is not a capture, just some text\nline 2\n".utf8), to: "notes.txt"),
                                mentioning: ["notes.txt", "not a pcap"])
    }

    func testCorruptGlobalHeaderMagicIsNotACapture() throws {
        var bytes = PcapWriter.fileHeader(magic: 0xDEAD_BEEF)
        let packet = try XCTUnwrap(EndToEndFlows.udpDatagram().first)
        bytes += PcapWriter.recordHeader(seconds: 1_700_000_000, fraction: 0, capturedLength: UInt32(packet.bytes.count),
                                         originalLength: UInt32(packet.bytes.count))
        bytes += packet.bytes
        try assertRejectedInput(try write(bytes, to: "badmagic.pcap"), mentioning: ["badmagic.pcap"])
    }

    func testDirectoryAsInputExits2() throws {
        let input = directory.appendingPathComponent("a-directory")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try assertRejectedInput(input.path)
    }

    /// The file ends inside the last record: exit 4, rows for every complete
    /// packet, manifest `truncated: true`, a warning on stderr.
    func testCaptureCutMidRecord() throws {
        let tcp = EndToEndFlows.tcpExchange()                                // 9 packets at 1700000000.000–.008
        let udp = EndToEndFlows.udpDatagram(size: 100, start: 1_700_000_001)  // 1 packet, to be cut
        var bytes = try Capture(tcp + udp).fileBytes()
        bytes.removeLast(60)                                                 // the UDP frame is 142 bytes
        let input = try write(bytes, to: "cut.pcap")
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning"), "no warning on stderr: \(result.stderr)")
        let out = directory.appendingPathComponent("out")
        let manifest = try EndToEnd.readManifest(out)
        XCTAssertEqual((manifest["input"] as? [String: Any])?["truncated"] as? Bool, true)
        XCTAssertFalse((manifest["warnings"] as? [String] ?? []).isEmpty)
        let packets = try XCTUnwrap(manifest["counts"] as? [String: Any])
        XCTAssertEqual(packets["read"] as? Int, 9)
        let log = try String(contentsOf: out.appendingPathComponent("conn.log"), encoding: .utf8)
        let fields = EndToEnd.tsvFields(log)
        let rows = EndToEnd.tsvRows(log)
        XCTAssertEqual(rows.count, 1, log)
        let row = Dictionary(uniqueKeysWithValues: zip(fields, rows.first ?? []))
        // The complete TCP exchange: SF, history ShADdFf, 6 + 3 packets (LOGS.md §5.6/§5.7).
        XCTAssertEqual(row["conn_state"], "SF")
        XCTAssertEqual(row["history"], "ShADdFf")
        XCTAssertEqual(row["orig_pkts"], "6")
        XCTAssertEqual(row["resp_pkts"], "3")
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), ["out"], "leftover temporary output")
    }

    /// A record whose captured length exceeds anything libpcap accepts (far
    /// above the file's snaplen): a corrupt record, handled like a truncation.
    func testRecordLongerThanSnaplenIsCorrupt() throws {
        let first = EndToEndFlows.udpDatagram(clientPort: 40_001)[0]
        var bytes = PcapWriter.fileHeader(snaplen: 65_535)
        bytes += PcapWriter.recordHeader(seconds: 1_700_000_000, fraction: 0, capturedLength: UInt32(first.bytes.count),
                                         originalLength: UInt32(first.bytes.count))
        bytes += first.bytes
        bytes += PcapWriter.recordHeader(seconds: 1_700_000_001, fraction: 0, capturedLength: 1_000_000,
                                         originalLength: 1_000_000)
        bytes += [UInt8](repeating: 0x55, count: 200)
        let input = try write(bytes, to: "oversize.pcap")
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning"), result.stderr)
        let out = directory.appendingPathComponent("out")
        let manifest = try EndToEnd.readManifest(out)
        XCTAssertEqual((manifest["input"] as? [String: Any])?["truncated"] as? Bool, true)
        let log = try String(contentsOf: out.appendingPathComponent("conn.log"), encoding: .utf8)
        let rows = EndToEnd.tsvRows(log)
        XCTAssertEqual(rows.count, 1, log)
        let fields = EndToEnd.tsvFields(log)
        let row = Dictionary(uniqueKeysWithValues: zip(fields, rows.first ?? []))
        XCTAssertEqual(row["id.orig_p"], "40001")
    }

    /// An IPv4 header length below 5 words: the packet is skipped and counted as
    /// `bad_ip_header_length`; every other packet is processed normally.
    func testBogusIPv4HeaderLengthIsSkippedAndCounted() throws {
        var udp = UDPExchange(client: "192.168.1.10", clientPort: 40_000, server: "192.168.1.20", serverPort: 50_000)
        udp.send(Array(repeating: 1, count: 10), from: .client)             // good
        var bogus = IPv4Packet(source: "192.168.1.10", destination: "192.168.1.20",
                               payload: udp.datagram(Array(repeating: 2, count: 10), from: .client)).bytes()
        bogus[0] = 0x44                                                      // version 4, IHL 4 (16 bytes)
        udp.path.emit(ipPacket: bogus, from: .client)                        // skipped
        udp.send(Array(repeating: 3, count: 20), from: .server)             // good
        let input = directory.appendingPathComponent("ihl.pcap").path
        try Capture(udp.packets).write(to: input)
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = directory.appendingPathComponent("out")
        let manifest = try EndToEnd.readManifest(out)
        let packets = try XCTUnwrap(manifest["counts"] as? [String: Any])
        XCTAssertEqual(packets["read"] as? Int, 3)
        XCTAssertEqual((packets["skipped"] as? [String: Any])?["bad_ip_header_length"] as? Int, 1)
        XCTAssertEqual((manifest["input"] as? [String: Any])?["truncated"] as? Bool, false)
        let log = try String(contentsOf: out.appendingPathComponent("conn.log"), encoding: .utf8)
        let fields = EndToEnd.tsvFields(log)
        let rows = EndToEnd.tsvRows(log)
        XCTAssertEqual(rows.count, 1, log)
        let row = Dictionary(uniqueKeysWithValues: zip(fields, rows.first ?? []))
        // Only the two good datagrams count: 10 and 20 payload bytes, one packet each way.
        XCTAssertEqual(row["orig_pkts"], "1")
        XCTAssertEqual(row["orig_bytes"], "10")
        XCTAssertEqual(row["resp_pkts"], "1")
        XCTAssertEqual(row["resp_bytes"], "20")
        XCTAssertEqual(row["conn_state"], "SF")
    }

    /// An existing output directory is refused (exit 3) and left untouched;
    /// with --force it is replaced only by a complete result.
    func testExistingOutputDirectoryNeedsForce() throws {
        let input = directory.appendingPathComponent("ok.pcap").path
        try Capture(EndToEndFlows.tcpExchange()).write(to: input)
        let out = directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let marker = out.appendingPathComponent("keep-me")
        try Data("old".utf8).write(to: marker)

        let refused = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(refused.status, 3, refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("already exists"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--force"), refused.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: marker.path), "the existing directory was modified")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("conn.log").path))
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), ["out"], "leftover temporary output")

        let forced = try EndToEnd.runProcessSlice([input, "--out", "out", "--force", "--no-progress"], in: directory)
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path), "--force kept the old directory's content")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("conn.log").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), ["out"], "leftover temporary output")
    }
}

import CaptureGenerator
import Foundation
import XCTest

/// Inputs an attacker or an odd environment hands `process-slice`, through the
/// executable: one packet must never cost the slice, a pipe must not hang it,
/// and what a killed run leaves behind is cleaned up by the next.
final class HostileInputTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
    }

    private func capture(_ packets: [Packet], _ name: String = "in.pcap",
                         format: CaptureFileFormat = .pcap()) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Capture(packets).write(to: path, format: format)
        return path
    }

    private func log(_ name: String, in out: String = "out") throws -> String {
        try String(contentsOf: directory.appendingPathComponent(out).appendingPathComponent(name), encoding: .utf8)
    }

    /// A complete IPv4 datagram that reassembles to 65,536 bytes between two
    /// ordinary flows: the process used to trap in reassembly and lose the slice.
    func testPingOfDeathIsCountedAndEverythingElseLogged() throws {
        let before = EndToEndFlows.tcpExchange()
        var path = FlowPath(client: "10.9.9.9", server: "192.168.1.20",
                            clock: PacketClock(start: CaptureTime(seconds: 1_700_000_000, microseconds: 500_000)))
        let hostile = IPv4Packet(source: "10.9.9.9", destination: "192.168.1.20",
                                 payload: RawPayload(protocolNumber: IPProtocolNumber.icmp,
                                                     payload: [8, 0, 0, 0, 0, 1, 0, 1] + Array(repeating: 0, count: 65_508)),
                                 identification: 4_242)
        let fragments = hostile.fragments(payloadSizes: Array(repeating: 1_480, count: 44)).map {
            path.emit(ipPacket: $0, from: .client)
        }
        let after = EndToEndFlows.udpDatagram(start: 1_700_000_001)
        let input = try capture(before + fragments + after)
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let conn = EndToEnd.tsvRows(try log("conn.log"))
        XCTAssertEqual(conn.count, 2, "the TCP and UDP flows around the hostile datagram")
        let manifest = try EndToEnd.readManifest(directory.appendingPathComponent("out"))
        XCTAssertEqual((manifest["anomalies"] as? [String: Int])?["ip_fragment_datagram_too_long"], 1)
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), ["out"])
    }

    /// Tens of thousands of stacked VLAN tags: each used to cost a nested call
    /// (a stack overflow in a debug build); the frame is skipped and counted.
    func testStackedLinkHeadersAreBounded() throws {
        let udp = EndToEndFlows.udpDatagram()[0]
        var frame = Array(udp.bytes[0..<12])
        for _ in 0..<30_000 { frame += [0x81, 0x00, 0x00, 0x01] }
        frame += [0x08, 0x00] + udp.bytes[14...]
        let input = try capture([Packet(time: udp.time, bytes: frame)] + EndToEndFlows.udpDatagram(clientPort: 40_001))
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(EndToEnd.tsvRows(try log("conn.log")).count, 1)
        let manifest = try EndToEnd.readManifest(directory.appendingPathComponent("out"))
        let skipped = (manifest["counts"] as? [String: Any])?["skipped"] as? [String: Int]
        XCTAssertEqual(skipped?["too_many_link_headers"], 1)
    }

    /// A FIFO used to hang forever (the input was opened twice); now it is read
    /// once and gives the same logs as the file.
    func testNamedPipeGivesTheSameLogsAsTheFile() throws {
        let input = try capture(EndToEndFlows.tcpExchange())
        let fifo = directory.appendingPathComponent("capture.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let feeder = Process()
        feeder.executableURL = URL(fileURLWithPath: "/bin/sh")
        feeder.arguments = ["-c", "cat \"$0\" > \"$1\"", input, fifo]
        try feeder.run()
        let fromPipe = try EndToEnd.runProcessSlice([fifo, "--out", "piped", "--no-progress"], in: directory)
        feeder.waitUntilExit()
        XCTAssertEqual(fromPipe.status, 0, fromPipe.stderr)
        let fromFile = try EndToEnd.runProcessSlice([input, "--out", "filed", "--no-progress"], in: directory)
        XCTAssertEqual(fromFile.status, 0, fromFile.stderr)
        XCTAssertEqual(try log("conn.log", in: "piped"), try log("conn.log", in: "filed"))
        let manifest = try EndToEnd.readManifest(directory.appendingPathComponent("piped"))
        let inputSection = try XCTUnwrap((manifest["input"] as? [String: Any])?["files"] as? [[String: Any]]).first
        XCTAssertEqual(inputSection?["path"] as? String, fifo)
        XCTAssertEqual(inputSection?["size"] as? Int, try FileManager.default.attributesOfItem(atPath: input)[.size] as? Int)
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "piped"), ["piped"], "the input copy was left behind")
    }

    /// `-` reads standard input.
    func testDashReadsStandardInput() throws {
        let input = try capture(EndToEndFlows.udpDatagram())
        let result = try EndToEnd.runProcessSlice(["-", "--out", "out", "--no-progress"], in: directory,
                                                  standardInput: URL(fileURLWithPath: input))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(EndToEnd.tsvRows(try log("conn.log")).count, 1)
    }

    /// What killed runs left (`out.tmp-<pid>`, `out.input-<pid>`, `out.input2-<pid>` of processes
    /// that are gone) is removed by the next run for `out`, and said in the
    /// manifest; a live process's files are not touched.
    func testNextRunRemovesWhatKilledRunsLeft() throws {
        let input = try capture(EndToEndFlows.udpDatagram())
        let dead = try finishedProcessID()
        for leftover in ["out.tmp-\(dead)", "out.input-\(dead)", "out.input2-\(dead)"] {
            let path = directory.appendingPathComponent(leftover)
            try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
            try Data("partial".utf8).write(to: path.appendingPathComponent("conn.log"))
        }
        let live = directory.appendingPathComponent("out.tmp-\(getpid())")
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), ["out", "out.tmp-\(getpid())"])
        let warnings = try EndToEnd.readManifest(directory.appendingPathComponent("out"))["warnings"] as? [String] ?? []
        XCTAssertEqual(warnings.filter { $0.contains("removed") && $0.contains("\(dead)") }.count, 3, "\(warnings)")
    }

    /// A run killed between setting the old output aside and moving the new one
    /// into place left only `out.old-<pid>`: the next run puts it back.
    func testAnOutputSetAsideByAKilledRunIsPutBack() throws {
        let input = try capture(EndToEndFlows.udpDatagram())
        let dead = try finishedProcessID()
        let aside = directory.appendingPathComponent("out.old-\(dead)")
        try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: true)
        try Data("finished earlier".utf8).write(to: aside.appendingPathComponent("conn.log"))
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 3, "the restored output is not replaced without --force: \(result.stderr)")
        XCTAssertEqual(try log("conn.log"), "finished earlier")
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), ["out"])
    }

    /// SIGTERM (and SIGINT, SIGHUP) in the middle of a slice: exit 128 + 15 and
    /// no `out.tmp-<pid>` left.
    func testTerminationRemovesTheUnfinishedOutput() throws {
        var packets: [Packet] = []
        for port in 0..<300 { packets += EndToEndFlows.tcpExchange(clientPort: UInt16(20_000 + port)) }
        let input = try capture(Array(repeating: packets, count: 20).flatMap { $0 })
        let process = Process()
        process.executableURL = try EndToEnd.processSliceBinary()
        process.arguments = [input, "--out", "out", "--no-progress", "--threads", "1"]
        process.currentDirectoryURL = directory
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let temporary = "out.tmp-\(process.processIdentifier)"
        let deadline = Date().addingTimeInterval(30)
        while !EndToEnd.entries(in: directory, startingWith: "out").contains(temporary) && process.isRunning
                && Date() < deadline {
            usleep(1_000)
        }
        guard process.isRunning else {
            XCTFail("process-slice finished before it could be stopped; the test needs a larger capture")
            return
        }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 128 + SIGTERM)
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), [])
    }

    func testEmptyOutIsAUsageError() throws {
        let input = try capture(EndToEndFlows.udpDatagram())
        let result = try EndToEnd.runProcessSlice([input, "--out", "", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("--out"), result.stderr)
    }

    /// A regular file at --out is neither reported as an existing directory nor
    /// replaced, even with --force.
    func testRegularFileAsOutIsNeverReplaced() throws {
        let input = try capture(EndToEndFlows.udpDatagram())
        let file = directory.appendingPathComponent("out")
        try Data("precious".utf8).write(to: file)
        for extra in [[], ["--force"]] {
            let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"] + extra, in: directory)
            XCTAssertEqual(result.status, 3, result.stderr)
            XCTAssertTrue(result.stderr.contains("not a directory"), result.stderr)
            XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "precious")
        }
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), ["out"])
    }

    /// A link type otsensor does not decode is said on stderr and in the
    /// manifest, with the packets counted, instead of a silent empty result.
    func testUnsupportedLinkTypeIsReported() throws {
        let input = try capture(EndToEndFlows.udpDatagram(), format: .pcap(linkType: 147))
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning") && result.stderr.contains("link type 147"), result.stderr)
        let manifest = try EndToEnd.readManifest(directory.appendingPathComponent("out"))
        let skipped = (manifest["counts"] as? [String: Any])?["skipped"] as? [String: Int]
        XCTAssertEqual(skipped?["unsupported_link_type"], 1)
        let byLinkType = (manifest["counts"] as? [String: Any])?["unsupported_by_link_type"] as? [String: Int]
        XCTAssertEqual(byLinkType, ["147": 1])
    }

    /// Every interface of a pcapng file is in the manifest, not only the first.
    func testEveryPcapngInterfaceLinkTypeIsRecorded() throws {
        var packets = EndToEndFlows.udpDatagram()
        var cooked = EndToEndFlows.udpDatagram(clientPort: 40_001, start: 1_700_000_001)
        cooked[0].interfaceID = 1
        packets += cooked
        let input = try capture(packets, "two.pcapng", format: .pcapng(interfaces: [
            PcapngInterface(linkType: PcapLinkType.ethernet), PcapngInterface(linkType: PcapLinkType.ethernet),
        ]))
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let inputSection = ((try EndToEnd.readManifest(directory.appendingPathComponent("out"))["input"] as? [String: Any])?["files"] as? [[String: Any]])?.first
        XCTAssertEqual(inputSection?["link_types"] as? [Int], [1, 1])

        let mixed = try capture(EndToEndFlows.udpDatagram(), "mixed.pcapng", format: .pcapng(interfaces: [
            PcapngInterface(linkType: PcapLinkType.ethernet), PcapngInterface(linkType: 147),
        ]))
        let second = try EndToEnd.runProcessSlice([mixed, "--out", "mixed", "--no-progress"], in: directory)
        XCTAssertEqual(second.status, 0, second.stderr)
        let mixedInput = ((try EndToEnd.readManifest(directory.appendingPathComponent("mixed"))["input"] as? [String: Any])?["files"] as? [[String: Any]])?.first
        XCTAssertEqual(mixedInput?["link_types"] as? [Int], [1, 147])
    }

    /// pcapng lets a file choose its time unit (if_tsresol) and 64-bit times: a
    /// packet stamped after 2223 is skipped and counted, never printed as a
    /// negative time, and the packets around it are logged.
    func testTimesOutsideTheCalendarAreSkippedAndCounted() throws {
        for interfaces in [[PcapngInterface(nanosecondResolution: true)],
                           [PcapngInterface(nanosecondResolution: true), PcapngInterface(linkType: 147)]] {
            let packets = EndToEndFlows.udpDatagram() + EndToEndFlows.udpDatagram(clientPort: 40_001, start: 1_700_000_001)
            var bytes = try Capture(packets).fileBytes(format: .pcapng(interfaces: interfaces))
            // SHB (28 bytes), then the IDBs: 20 bytes, 32 with the if_tsresol option.
            let firstPacket = 28 + interfaces.reduce(0) { $0 + ($1.nanosecondResolution ? 32 : 20) }
            bytes[28 + 20] = 0x00                                 // interface 0's if_tsresol: whole seconds
            bytes.replaceSubrange((firstPacket + 12)..<(firstPacket + 20), with: [0, 0, 0, 0x7F, 0, 0, 0, 0])
            let secondPacket = firstPacket + Int(bytes[firstPacket + 4]) + Int(bytes[firstPacket + 5]) << 8
            bytes.replaceSubrange((secondPacket + 12)..<(secondPacket + 20), with: [0, 0, 0, 0, 0x00, 0xF1, 0x53, 0x65])
            let input = directory.appendingPathComponent("times-\(interfaces.count).pcapng")
            try Data(bytes).write(to: input)
            let out = "out-\(interfaces.count)"
            let result = try EndToEnd.runProcessSlice([input.path, "--out", out, "--no-progress"], in: directory)
            XCTAssertEqual(result.status, 0, result.stderr)
            let rows = EndToEnd.tsvRows(try log("conn.log", in: out))
            XCTAssertEqual(rows.map { $0[0] }, ["1700000000.000000"], "\(interfaces.count) interfaces")
            let manifest = try EndToEnd.readManifest(directory.appendingPathComponent(out))
            let skipped = (manifest["counts"] as? [String: Any])?["skipped"] as? [String: Int]
            XCTAssertEqual(skipped?["implausible_timestamp"], 1)
            XCTAssertTrue(result.stderr.contains("before 1970 or after 2223"), result.stderr)
        }
    }

    /// The id of a process that has exited (so no process has it, barring reuse).
    private func finishedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}

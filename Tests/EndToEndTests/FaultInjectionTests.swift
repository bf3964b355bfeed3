import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// Faults from outside: a capture cut or corrupted anywhere, a process killed
/// at any moment, a disk that fills up. The output is complete or absent,
/// never half-written, and every complete packet before the damage is logged.
final class FaultInjectionTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
    }

    /// A small capture with TCP, UDP and S7 traffic.
    private func smallCapture() throws -> [UInt8] {
        var packets = EndToEndFlows.tcpExchange()
        packets += EndToEndFlows.udpDatagram(size: 40, start: 1_700_000_001)
        var s7 = TCPConversation(client: "192.168.1.10", clientPort: 50_000, server: "192.168.1.30", serverPort: 102,
                                 clock: PacketClock(start: CaptureTime(seconds: 1_700_000_002)))
        s7.syn(); s7.synAck(); s7.ack(from: .client)
        s7.send([0x03, 0x00, 0x00, 0x16, 0x11, 0xE0, 0x00, 0x00, 0x00, 0x01, 0x00, 0xC0, 0x01, 0x0A,
                 0xC1, 0x02, 0x01, 0x00, 0xC2, 0x02, 0x01, 0x02], from: .client)
        packets += s7.packets
        return try Capture(packets).fileBytes()
    }

    /// Runs the library on `bytes`; the outcome is an error of a documented
    /// kind or a report, never a trap.
    private func slice(_ bytes: [UInt8], name: String) -> Result<SliceReport, Error> {
        let input = directory.appendingPathComponent("\(name).pcap")
        FileManager.default.createFile(atPath: input.path, contents: Data(bytes))
        let out = directory.appendingPathComponent(name)
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: out)
        }
        let options = SliceOptions(inputPath: input.path, outputPath: out.path, threads: 2)
        return Result { try SliceProcessor(options: options).run() }
    }

    /// Where each record of a classic pcap ends.
    private func recordEnds(_ bytes: [UInt8]) -> [Int] {
        var ends: [Int] = []
        var offset = 24
        while offset + 16 <= bytes.count {
            let length = Int(bytes[offset + 8]) | Int(bytes[offset + 9]) << 8 | Int(bytes[offset + 10]) << 16
            offset += 16 + length
            ends.append(offset)
        }
        return ends
    }

    /// The capture cut inside its file header, its first record and at every
    /// byte of its last packet: the header cut short is not a capture (exit 2);
    /// a record cut short is damage (exit 4) with every complete packet before
    /// it read; nothing is left behind either way.
    func testACaptureCutAtEveryByteOfItsEnds() throws {
        let bytes = try smallCapture()
        let recordEnds = recordEnds(bytes)
        XCTAssertEqual(recordEnds.last, bytes.count)
        let lastStart = recordEnds[recordEnds.count - 2]
        for cut in Array(0..<recordEnds[0]) + Array(lastStart...bytes.count) {
            let expectedPackets = recordEnds.filter { $0 <= cut }.count
            switch slice(Array(bytes[0..<cut]), name: "cut-\(cut)") {
            case .success(let report):
                XCTAssertGreaterThanOrEqual(cut, 24, "a cut header was read as a capture")
                XCTAssertEqual(report.manifest.counts.read, expectedPackets, "cut at \(cut)")
                XCTAssertEqual(report.truncated, !recordEnds.contains(cut) && cut > 24, "cut at \(cut)")
            case .failure(let error):
                XCTAssertLessThan(cut, 24, "cut at \(cut): \(error)")
                XCTAssertTrue(error is CaptureError, "cut at \(cut): \(error)")
            }
        }
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "cut"), [])
    }

    /// Every byte of the file header and of the first record headers set to 0
    /// and to 0xFF: no trap, and the outcome is a report or a capture error.
    func testCorruptedHeaderBytesNeverTrap() throws {
        let bytes = try smallCapture()
        let recordStarts = [24] + recordEnds(bytes).prefix(4)
        let positions = Array(0..<24) + recordStarts.flatMap { $0..<($0 + 16) }
        for position in positions {
            for value: UInt8 in [0x00, 0xFF] where bytes[position] != value {
                var corrupt = bytes
                corrupt[position] = value
                if case .failure(let error) = slice(corrupt, name: "corrupt") {
                    XCTAssertTrue(error is CaptureError, "byte \(position) = \(value): \(error)")
                }
            }
        }
    }

    /// `process-slice` killed (SIGKILL, no cleanup at all) at ten points of
    /// its run: `out` is never there half-written, and the run after the kill
    /// writes the same logs as an undisturbed one.
    func testKilledAnywhereLeavesNoHalfWrittenOutput() throws {
        var packets: [Packet] = []
        for port in 0..<200 { packets += EndToEndFlows.tcpExchange(clientPort: UInt16(30_000 + port)) }
        let input = directory.appendingPathComponent("kill.pcap").path
        try Capture(Array(repeating: packets, count: 10).flatMap { $0 }).write(to: input)
        let reference = try EndToEnd.runProcessSlice([input, "--out", "reference", "--no-progress"], in: directory)
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let referenceLog = try Data(contentsOf: directory.appendingPathComponent("reference/conn.log"))

        for round in 0..<10 {
            let process = Process()
            process.executableURL = try EndToEnd.processSliceBinary()
            process.arguments = [input, "--out", "out", "--no-progress", "--force"]
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(20_000 * round))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let out = directory.appendingPathComponent("out")
            if FileManager.default.fileExists(atPath: out.path) {
                XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path),
                              "round \(round): out exists without its manifest")
            }
            let rerun = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress", "--force"], in: directory)
            XCTAssertEqual(rerun.status, 0, rerun.stderr)
            XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("conn.log")), referenceLog, "round \(round)")
            XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), ["out"], "round \(round)")
        }
    }

    /// The disk fills up while the logs are written (a 256 KiB tmpfs): exit 3
    /// with the reason, no `out` and no `out.tmp-*`, the input untouched.
    func testDiskFullWhileWritingLogs() throws {
        guard geteuid() == 0 else {
            throw XCTSkip("mounting a small tmpfs needs root (scripts/test.sh and CI run as root)")
        }
        let mount = directory.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        let mounted = try Tool.run("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.path])
        guard mounted.status == 0 else {
            throw XCTSkip("the kernel refused a tmpfs mount (an unprivileged container?): \(mounted.errorText)")
        }
        defer { _ = try? Tool.run("/bin/umount", [mount.path]) }
        var packets: [Packet] = []
        for port in 0..<3_000 { packets += EndToEndFlows.tcpExchange(clientPort: UInt16(10_000 + port)) }
        let input = directory.appendingPathComponent("big.pcap").path
        try Capture(packets).write(to: input)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))

        let result = try EndToEnd.runProcessSlice([input, "--out", mount.appendingPathComponent("out").path,
                                                   "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("No space left on device"), result.stderr)
        XCTAssertEqual(EndToEnd.entries(in: mount, startingWith: "out"), [])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: input)), before)
    }
}

/// Runs a system tool and collects its status and standard error.
private enum Tool {
    static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, errorText: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: text, as: UTF8.self))
    }
}

import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// Archives of slices for the `otsensor reprocess` tests, and ways to run and compare.
enum ReprocessArchive {
    static let start: Int64 = 1_700_000_040  // 2023-11-14 22:14:00 UTC, a minute mark

    /// `minutes` of one capture stream between hosts of `network` (10.`network`.0.0/16), built
    /// so that connections cross slice boundaries in the ways carried state must handle
    /// (no packet falls on a minute mark, where editcap and a cut by minute would disagree):
    ///   marker  a UDP datagram at 0 s, so that `editcap -i 60` cuts on minute marks
    ///   F       a short TCP exchange closed with FINs at 10 s of every minute
    ///   D       a UDP datagram at 20 s of every minute (idle, times out a minute later)
    ///   X       TCP from 40 s of each minute to 16 s of the next, polled every 5 s, closed with FINs
    ///   C       a UDP request at 59.9 s and its answer at 60.1 s of each minute
    ///   L       TCP polled every 5 s from 65 s to 250 s, closed with FINs at 251 s
    ///   I       TCP opened at 300.5 s with one exchange, then idle until its 5-minute inactivity timeout
    static func stream(minutes: Int, network: UInt8) -> [Packet] {
        func host(_ last: UInt8) -> HostAddress { .v4(IPv4Address(10, network, 0, last)) }
        func at(_ seconds: Double) -> PacketClock {
            PacketClock(start: CaptureTime(seconds: start).advanced(byNanoseconds: Int64(seconds * 1e9)), step: 1_000_000)
        }
        var packets: [Packet] = []
        var marker = UDPExchange(client: host(100), clientPort: 9, server: host(101), serverPort: 9, clock: at(0))
        marker.send([0], from: .client)
        packets += marker.packets
        func tcp(_ client: UInt8, port: UInt16, from: Double, polls: [Double], close: Double?) {
            var c = TCPConversation(client: host(client), clientPort: port, server: host(2), serverPort: 5020, clock: at(from))
            c.syn(); c.synAck(); c.ack(from: .client)
            for poll in polls {
                c.clock = at(poll)
                c.send(Array(repeating: 1, count: 20), from: .client)
                c.send(Array(repeating: 2, count: 40), from: .server)
            }
            if let close {
                c.clock = at(close)
                c.fin(from: .client); c.fin(from: .server); c.ack(from: .client)
            }
            packets += c.packets
        }
        func udp(_ client: UInt8, port: UInt16, at times: [Double]) {
            for (k, time) in times.enumerated() {
                var u = UDPExchange(client: host(client), clientPort: port, server: host(3), serverPort: 7000, clock: at(time))
                u.send(Array(repeating: UInt8(k), count: 8), from: k == 0 ? .client : .server)
                packets += u.packets
            }
        }
        for minute in 0..<minutes {
            let t = Double(60 * minute), port = UInt16(minute)
            tcp(10, port: 41_000 + port, from: t + 10, polls: [t + 10.5], close: t + 11)
            udp(11, port: 42_000 + port, at: [t + 20])
            if minute + 1 < minutes {
                tcp(12, port: 43_000 + port, from: t + 40, polls: Array(stride(from: t + 45.25, through: t + 75, by: 5)),
                    close: t + 76)
                udp(13, port: 44_000 + port, at: [t + 59.9, t + 60.1])
            }
        }
        if minutes > 4 { tcp(14, port: 45_000, from: 65, polls: Array(stride(from: 70.25, through: 250, by: 5)), close: 251) }
        if minutes > 5 { tcp(15, port: 45_001, from: 300.5, polls: [301], close: nil) }
        return Capture(packets).timeOrdered().packets
    }

    /// Writes `packets` cut into one-minute slices into `directory`: with `editcap -i 60` where
    /// it is installed (names `slice_NNNNN_<time>.pcap`), else by the generator on the same
    /// minute marks (`slice_NNNNN.pcap`). Returns the slices in time order with their packets.
    static func cut(_ packets: [Packet], into directory: URL) throws -> [(url: URL, packets: [Packet])] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let minutes = Dictionary(grouping: packets) { ($0.time.seconds - start) / 60 }
        let editcap = URL(fileURLWithPath: "/usr/bin/editcap")
        if FileManager.default.isExecutableFile(atPath: editcap.path) {
            let whole = directory.deletingLastPathComponent().appendingPathComponent(".\(directory.lastPathComponent).pcap")
            try Capture(packets).write(to: whole.path)
            defer { try? FileManager.default.removeItem(at: whole) }
            let process = try Process.run(editcap, arguments: ["-F", "pcap", "-i", "60", whole.path,
                                                               directory.appendingPathComponent("slice.pcap").path])
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "editcap -i 60")
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            XCTAssertEqual(names.count, minutes.count, "editcap wrote one file per minute: \(names)")
            return names.enumerated().map { (directory.appendingPathComponent($0.element), minutes[Int64($0.offset)] ?? []) }
        }
        return try minutes.keys.sorted().map { minute in
            let url = directory.appendingPathComponent(String(format: "slice_%05d.pcap", minute))
            try Capture(minutes[minute]!).write(to: url.path)
            return (url, minutes[minute]!)
        }
    }

    /// Replaces each slice by its zstd-compressed `<name>.zst` (libzstd, level 3).
    static func compress(_ slices: [URL]) throws -> [URL] {
        try slices.map { slice in
            let target = slice.appendingPathExtension("zst")
            let writer = try ZstdFileWriter(path: target.path, level: 3)
            let data = try Data(contentsOf: slice)
            try data.withUnsafeBytes { try writer.write($0) }
            try writer.finish()
            try FileManager.default.removeItem(at: slice)
            return target
        }
    }
}

/// What one run of `otsensor` did.
struct OTSensorRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum Reprocess {
    static func binary() throws -> URL {
        try EndToEnd.processSliceBinary().deletingLastPathComponent().appendingPathComponent("otsensor")
    }

    /// Starts `otsensor reprocess ARGUMENTS` in `directory` without waiting; output goes to files.
    static func start(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws
        -> (process: Process, stdout: URL, stderr: URL) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = ["reprocess"] + arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = directory.appendingPathComponent("stdout-\(UUID().uuidString).txt")
        let stderr = directory.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        return (process, stdout, stderr)
    }

    /// Runs `otsensor reprocess ARGUMENTS` to its end.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> OTSensorRun {
        let (process, stdout, stderr) = try start(arguments, in: directory, environment: environment)
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(at: stdout)
            try? FileManager.default.removeItem(at: stderr)
        }
        return OTSensorRun(status: process.terminationStatus, stdout: try String(contentsOf: stdout, encoding: .utf8),
                           stderr: try String(contentsOf: stderr, encoding: .utf8))
    }

    /// Every file below `root` but the hidden (`.state`), by relative path; manifests without
    /// the keys that differ from run to run (wall clock, host, threads, rules load time, and
    /// the state directory, which each shard has its own of).
    static func tree(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                        options: [.skipsHiddenFiles])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let relative = String(url.path.dropFirst(root.path.count + 1))
            var data = try Data(contentsOf: url)
            if url.lastPathComponent == "manifest.json" {
                var manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
                var run = manifest["run"] as? [String: Any] ?? [:]
                for key in ["started", "started_iso", "wall_seconds", "cpu_seconds", "host", "threads"] { run[key] = nil }
                manifest["run"] = run
                if var state = manifest["state"] as? [String: Any] {
                    state["directory"] = nil
                    manifest["state"] = state
                }
                data = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys])
            }
            files[relative] = data
        }
        return files
    }

    /// Fails with the first differences between two trees.
    static func assertSameTree(_ a: URL, _ b: URL, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let left = try tree(a), right = try tree(b)
        XCTAssertEqual(left.keys.sorted(), right.keys.sorted(), message, file: file, line: line)
        let differing = left.keys.filter { right[$0] != nil && right[$0] != left[$0] }.sorted()
        XCTAssertEqual(differing, [], message, file: file, line: line)
        XCTAssertGreaterThan(left.count, 0, message, file: file, line: line)
    }

    /// The parsed manifest of the output of slice `relative` (without its capture suffixes).
    static func manifest(_ destination: URL, _ relative: String) throws -> [String: Any] {
        try EndToEnd.readManifest(destination.appendingPathComponent(relative))
    }
}

import CaptureGenerator
import Foundation
import XCTest

/// What one run of the `process-slice` executable did.
struct ProcessSliceResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum EndToEnd {
    /// A fresh scratch directory for one test, removed when `test` ends.
    static func makeTemporaryDirectory(for test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("otsensor-e2e-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// The `process-slice` binary built next to this test bundle: first the
    /// directory of the running test executable, then `.build*/debug` (and
    /// `.build*/<triple>/debug`) directories found upward from this file,
    /// newest first.
    static func processSliceBinary() throws -> URL {
        let manager = FileManager.default
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // The xctest bundle may be a directory (macOS) nested a few levels deep.
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("process-slice"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("process-slice"))
        for candidate in candidates where manager.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        var found: [(URL, Date)] = []
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while root.path != "/" {
            let entries = (try? manager.contentsOfDirectory(atPath: root.path)) ?? []
            for entry in entries where entry.hasPrefix(".build") {
                let build = root.appendingPathComponent(entry)
                var debugDirectories = [build.appendingPathComponent("debug")]
                for sub in (try? manager.contentsOfDirectory(atPath: build.path)) ?? [] {
                    debugDirectories.append(build.appendingPathComponent(sub).appendingPathComponent("debug"))
                }
                for debug in debugDirectories {
                    let binary = debug.appendingPathComponent("process-slice")
                    if manager.isExecutableFile(atPath: binary.path),
                       let date = (try? manager.attributesOfItem(atPath: binary.path))?[.modificationDate] as? Date {
                        found.append((binary, date))
                    }
                }
            }
            if !found.isEmpty { break }
            root = root.deletingLastPathComponent()
        }
        guard let newest = found.max(by: { $0.1 < $1.1 }) else {
            throw XCTSkip("process-slice binary not found next to the test bundle (\(executable.path)); build it first")
        }
        return newest.0
    }

    /// Runs `process-slice` with `arguments`; stdout and stderr go through files,
    /// so large output can never block the child.
    static func runProcessSlice(_ arguments: [String], in directory: URL,
                                standardInput: URL? = nil) throws -> ProcessSliceResult {
        let process = Process()
        process.executableURL = try processSliceBinary()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let standardInput { process.standardInput = try FileHandle(forReadingFrom: standardInput) }
        let stdoutURL = directory.appendingPathComponent("stdout-\(UUID().uuidString).txt")
        let stderrURL = directory.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        try process.run()
        process.waitUntilExit()
        try stdoutHandle.close()
        try stderrHandle.close()
        let out = try String(contentsOf: stdoutURL, encoding: .utf8)
        let err = try String(contentsOf: stderrURL, encoding: .utf8)
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
        ManifestSchema.validateOutput(of: arguments, in: directory)
        return ProcessSliceResult(status: process.terminationStatus, stdout: out, stderr: err)
    }

    /// Names in `directory` that start with `prefix` (to look for leftovers like `out.tmp-*`).
    static func entries(in directory: URL, startingWith prefix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasPrefix(prefix) }.sorted()
    }

    static func readManifest(_ directory: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Data rows of a native TSV log (lines not starting with `#`), split into fields.
    static func tsvRows(_ text: String) -> [[String]] {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The `#fields` names of a native TSV log.
    static func tsvFields(_ text: String) -> [String] {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("#fields\t") }) else { return [] }
        return line.split(separator: "\t").dropFirst().map(String.init)
    }

    /// The top-level keys of one JSON object line, in the order written.
    static func jsonKeysInOrder(_ line: String) -> [String] {
        var keys: [String] = []
        var depth = 0
        var inString = false
        var escaped = false
        var current = ""
        var lastString: String?
        for character in line {
            if inString {
                if escaped {
                    escaped = false
                    current.append(character)
                } else if character == "\\" {
                    escaped = true
                    current.append(character)
                } else if character == "\"" {
                    inString = false
                    lastString = current
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                inString = true
                current = ""
            case "{", "[":
                depth += 1
                lastString = nil
            case "}", "]":
                depth -= 1
                lastString = nil
            case ":":
                if depth == 1, let key = lastString { keys.append(key) }
                lastString = nil
            case ",":
                lastString = nil
            default:
                if !character.isWhitespace { lastString = nil }
            }
        }
        return keys
    }
}

/// Small flows with known shapes for the end-to-end scenarios.
enum EndToEndFlows {
    /// A complete TCP exchange (SF), 9 packets, starting at `start` seconds.
    static func tcpExchange(clientPort: UInt16 = 49_152, start: Int64 = 1_700_000_000) -> [Packet] {
        var tcp = TCPConversation(client: "192.168.1.10", clientPort: clientPort, server: "192.168.1.20", serverPort: 80,
                                  clock: PacketClock(start: CaptureTime(seconds: start)))
        tcp.syn(); tcp.synAck(); tcp.ack(from: .client)
        tcp.send(Array(repeating: 0x41, count: 100), from: .client)
        tcp.send(Array(repeating: 0x42, count: 200), from: .server)
        tcp.ack(from: .client)
        tcp.fin(from: .client); tcp.fin(from: .server); tcp.ack(from: .client)
        return tcp.packets
    }

    /// One UDP datagram 192.168.1.10:40000 → 192.168.1.20:50000 with `size` payload bytes.
    static func udpDatagram(clientPort: UInt16 = 40_000, size: Int = 10, start: Int64 = 1_700_000_000) -> [Packet] {
        var udp = UDPExchange(client: "192.168.1.10", clientPort: clientPort, server: "192.168.1.20", serverPort: 50_000,
                              clock: PacketClock(start: CaptureTime(seconds: start)))
        udp.send(Array(repeating: 0x43, count: size), from: .client)
        return udp.packets
    }
}

import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// Support for the CC-Link tests: run the real slice pipeline (SliceProcessor,
// the code behind `process-slice`) on a generated capture or a fixture and read
// back cclink-ief-basic.log, cclink-ie.log, cclink-ie-tsn.log, conn.log and the
// manifest's anomalies.

/// One pipeline run's CC-Link logs: data rows split into columns.
struct CCLinkRun {
    var logs: [String: String] = [:]
    var anomalies: [String: Int] = [:]

    /// The data rows of `file` (header and trailer lines dropped), as lines.
    func lines(_ file: String) -> [String] {
        (logs[file] ?? "").split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    func rows(_ file: String) -> [[String]] {
        lines(file).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The native header's `#fields` columns of `file`.
    func fields(_ file: String) -> [String] {
        let line = (logs[file] ?? "").split(separator: "\n").first { $0.hasPrefix("#fields\t") } ?? ""
        return line.split(separator: "\t").dropFirst().map(String.init)
    }

    /// Sum of the `number` column per value of column `column`.
    func numbers(_ file: String, by column: Int) -> [String: Int] {
        var sums: [String: Int] = [:]
        for row in rows(file) { sums[row[column], default: 0] += Int(row[row.count - 2]) ?? -1_000_000 }
        return sums
    }
}

enum CCLinkHarness {
    static let logFiles = ["cclink-ief-basic.log", "cclink-ie.log", "cclink-ie-tsn.log", "conn.log"]

    /// Writes `packets` as a capture file and runs the pipeline on it.
    static func run(_ packets: [Packet], threads: Int = 2, format: LogFormat = .zeekTSV,
                    captureFormat: CaptureFileFormat = .pcap()) throws -> CCLinkRun {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let capture = directory.appendingPathComponent("capture.pcap").path
        try Capture(packets).write(to: capture, format: captureFormat)
        return try run(file: capture, threads: threads, format: format)
    }

    /// Runs the pipeline on an existing capture file.
    static func run(file: String, threads: Int = 2, format: LogFormat = .zeekTSV) throws -> CCLinkRun {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        let networks = try XCTUnwrap(LocalNetworks(argument: "none"))
        let options = SliceOptions(inputPath: file, outputPath: out.path, threads: threads, format: format,
                                   localNetworks: networks)
        _ = try SliceProcessor(options: options).run()
        var result = CCLinkRun()
        for name in logFiles {
            result.logs[name] = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        result.anomalies = ((manifest as? [String: Any])?["anomalies"] as? [String: Int]) ?? [:]
        return result
    }

    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("otsensor-cclink-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

struct CCLinkTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Packets stamped on a clock that starts at 1700000000 s and moves 1 ms per
/// packet, so the n-th packet (0-based) is at `1700000000.00n000`.
struct CCLinkClock {
    var clock = PacketClock()

    mutating func frame(_ payload: [UInt8], from source: EthernetAddress, to destination: EthernetAddress,
                        vlan: UInt16? = nil) -> Packet {
        let link = EthernetLink(source: source, destination: destination, vlanTags: vlan.map { [VLANTag(id: $0)] } ?? [])
        return Packet(time: clock.tick(), bytes: link.frame(etherType: CCLinkIEFrame.etherType, payload: payload))
    }

    mutating func datagram(_ payload: [UInt8], from source: IPv4Address, _ sourcePort: UInt16 = 61_450,
                           to destination: IPv4Address, _ destinationPort: UInt16 = 61_450) -> Packet {
        let udp = UDPDatagram(sourcePort: sourcePort, destinationPort: destinationPort, payload: payload)
        let ip = IPv4Packet(source: source, destination: destination, payload: udp)
        return Packet(time: clock.tick(), bytes: EthernetLink().frame(ip.bytes()))
    }
}

/// `time` text of the packet `milliseconds` after 1700000000 s.
func cclinkTime(_ milliseconds: Int) -> String {
    String(format: "%d.%06d", 1_700_000_000 + milliseconds / 1000, milliseconds % 1000 * 1000)
}

/// Runs tshark (the oracle) and returns its stdout; fails with the install hint when it is missing.
func runTshark(_ arguments: [String]) throws -> String {
    let path = "/usr/bin/tshark"
    guard FileManager.default.isExecutableFile(atPath: path) else {
        XCTFail("tshark is missing: run scripts/install-deps.sh --test to install it (the CC-Link oracle tests need it)")
        throw CCLinkTestError("tshark missing")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    _ = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CCLinkTestError("tshark \(arguments) failed") }
    return String(decoding: data, as: UTF8.self)
}

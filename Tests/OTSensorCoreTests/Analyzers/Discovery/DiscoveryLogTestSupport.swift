import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// Support for the asset-discovery log tests (dhcp2, netbios-ns, mswin-browser,
// dhcpv6, ssdp): run the real slice pipeline (SliceProcessor, the code behind
// `process-slice`) on a generated capture or a fixture and read the logs back.
// Expected rows in the tests are worked out by hand from LOGS.md §6.8–6.12.

/// The files these analyzers write.
let discoveryLogs = ["dhcp2.log", "netbios-ns.log", "mswin-browser.log", "dhcpv6.log", "ssdp.log"]

struct DiscoveryRun {
    /// File name → the file's whole text.
    let texts: [String: String]
    let manifest: [String: Any]

    /// The data rows of `file` (header and trailer lines left out), TAB-split.
    func rows(_ file: String) -> [[String]] {
        lines(file).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The data lines of `file`, as written.
    func lines(_ file: String) -> [String] {
        (texts[file] ?? "").split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    /// The manifest's count of skipped records for `reason` (0 when absent).
    func anomalies(_ reason: String) -> Int {
        (manifest["anomalies"] as? [String: Any])?[reason] as? Int ?? 0
    }

    /// The only conn.log row's `service` column.
    func connServices() -> [String] {
        let text = texts["conn.log"] ?? ""
        let header = text.split(separator: "\n").first { $0.hasPrefix("#fields\t") }
        guard let fields = header?.split(separator: "\t").dropFirst().map(String.init),
              let column = fields.firstIndex(of: "service") else { return [] }
        return lines("conn.log").map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[column]) }
    }
}

enum DiscoveryHarness {
    /// Writes `packets` as a pcap in time order (scenarios list them by topic)
    /// and runs the pipeline on it.
    static func run(_ packets: [Packet], threads: Int = 2, format: LogFormat = .zeekTSV) throws -> DiscoveryRun {
        let directory = try FlowHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let capture = directory.appendingPathComponent("capture.pcap").path
        try Capture(timeOrdered(packets)).write(to: capture, format: .pcap())
        return try run(capturePath: capture, threads: threads, format: format)
    }

    /// Sorted by time; packets of equal time keep their order.
    static func timeOrdered(_ packets: [Packet]) -> [Packet] {
        packets.enumerated().sorted { $0.element.time != $1.element.time ? $0.element.time < $1.element.time
                                                                          : $0.offset < $1.offset }.map(\.element)
    }

    /// Runs the pipeline on an existing capture.
    static func run(capturePath: String, threads: Int = 2, format: LogFormat = .zeekTSV) throws -> DiscoveryRun {
        let directory = try FlowHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        let options = SliceOptions(inputPath: capturePath, outputPath: out.path, threads: threads, format: format,
                                   localNetworks: try XCTUnwrap(LocalNetworks(argument: "none")))
        _ = try SliceProcessor(options: options).run()
        var texts: [String: String] = [:]
        for file in discoveryLogs + ["conn.log"] {
            texts[file] = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
        }
        let manifestData = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        return DiscoveryRun(texts: texts, manifest: manifest)
    }

    /// Runs with 1 and 2 threads and fails unless every discovery log is byte-identical.
    static func assertThreadIndependent(_ packets: [Packet], file: StaticString = #filePath, line: UInt = #line) throws {
        let one = try run(packets, threads: 1), two = try run(packets, threads: 2)
        for log in discoveryLogs {
            XCTAssertEqual(one.texts[log], two.texts[log], "\(log) differs between --threads 1 and 2", file: file, line: line)
        }
    }
}

/// A packet sequence of scenario time: `seconds` after 1700000000.
func discoveryTime(_ seconds: Double) -> CaptureTime {
    CaptureTime(seconds: 1_700_000_000).advanced(byNanoseconds: Int64((seconds * 1e9).rounded()))
}

/// `time` column text for `seconds` after 1700000000 (microsecond precision).
func discoveryTimeText(_ seconds: Double) -> String {
    let micros = Int64((seconds * 1e6).rounded())
    return String(format: "%lld.%06lld", 1_700_000_000 + micros / 1_000_000, micros % 1_000_000)
}

/// One UDP datagram at scenario time `seconds`.
func discoveryDatagram(_ payload: [UInt8], at seconds: Double, from client: HostAddress, _ clientPort: UInt16,
                       to server: HostAddress, _ serverPort: UInt16,
                       link: EthernetLink = EthernetLink()) -> Packet {
    var exchange = UDPExchange(client: client, clientPort: clientPort, server: server, serverPort: serverPort,
                               link: link, clock: PacketClock(start: discoveryTime(seconds)))
    return exchange.send(payload, from: .client)
}

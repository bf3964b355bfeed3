import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// Runs generated captures through the real slice pipeline (SliceProcessor) and
// reads s7comm.log, iso_cotp.log, conn.log and the manifest's anomalies back.
//
// Conventions for the hand-worked rows: the client is 192.168.1.10:49152, the
// PLC 192.168.1.20:102 (FlowHosts); PacketClock starts at 1700000000 s and
// advances 1 ms per packet, so packet n (0-based) of a conversation is at
// `flowTestTime(n)`; a row's ts is the time of the packet that completes its PDU.

/// A log read back: one dictionary per row (field name → TSV text).
struct S7LogRows {
    let fields: [String]
    let rows: [[String: String]]
    let text: String

    /// Each row's columns after the uid and connection (`ts` first), joined by TAB:
    /// what the hand-worked expectations are written as.
    func lines(dropping dropped: Set<String> = ["uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"]) -> [String] {
        rows.map { row in fields.filter { !dropped.contains($0) }.map { row[$0] ?? "?" }.joined(separator: "\t") }
    }

    static func parse(_ text: String) -> S7LogRows {
        var fields: [String] = []
        var rows: [[String: String]] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#fields\t") {
                fields = line.split(separator: "\t").dropFirst().map(String.init)
            } else if !line.hasPrefix("#") {
                let values = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                rows.append(Dictionary(uniqueKeysWithValues: zip(fields, values)))
            }
        }
        return S7LogRows(fields: fields, rows: rows, text: text)
    }
}

struct S7Run {
    let s7comm: S7LogRows
    let isoCOTP: S7LogRows
    let conn: S7LogRows
    let anomalies: [String: Int]
    let s7commBytes: Data
    let isoCOTPBytes: Data

    /// conn.log's service column of the connection from `clientPort`.
    func service(clientPort: Int) -> String? {
        conn.rows.first { $0["id.orig_p"] == String(clientPort) }?["service"]
    }
}

enum S7Harness {
    static func run(_ packets: [Packet], threads: Int = 2) throws -> S7Run {
        let directory = try FlowHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let capture = directory.appendingPathComponent("s7.pcap").path
        try Capture(packets).write(to: capture)
        return try run(capture: capture, threads: threads, in: directory)
    }

    static func run(capture: String, threads: Int, in directory: URL) throws -> S7Run {
        let out = directory.appendingPathComponent("out-\(threads)-\(UUID().uuidString)")
        let options = SliceOptions(inputPath: capture, outputPath: out.path, threads: threads, format: .zeekTSV,
                                   localNetworks: try XCTUnwrap(LocalNetworks(argument: "none")))
        let report = try SliceProcessor(options: options).run()
        let s7 = try Data(contentsOf: out.appendingPathComponent("s7comm.log"))
        let cotp = try Data(contentsOf: out.appendingPathComponent("iso_cotp.log"))
        let conn = try String(contentsOf: out.appendingPathComponent("conn.log"), encoding: .utf8)
        let manifestData = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let anomalies = try XCTUnwrap(manifest["anomalies"] as? [String: Int], "manifest has no anomalies object")
        XCTAssertEqual(anomalies, report.manifest.anomalies)
        return S7Run(s7comm: .parse(String(decoding: s7, as: UTF8.self)), isoCOTP: .parse(String(decoding: cotp, as: UTF8.self)),
                     conn: .parse(conn), anomalies: anomalies, s7commBytes: s7, isoCOTPBytes: cotp)
    }
}

/// An established S7 conversation with the standard hosts: handshake done
/// (packets 0–2), so the first payload packet is packet 3. `second` moves its
/// clock's start so that several conversations follow each other in time.
func s7Conversation(clientPort: UInt16 = 49_152, second: Int64 = 0) -> TCPConversation {
    var tcp = FlowHosts.tcp(serverPort: 102, clientPort: clientPort)
    tcp.clock = PacketClock(start: CaptureTime(seconds: flowTestStartSeconds + second))
    tcp.syn()
    tcp.synAck()
    tcp.ack(from: .client)
    return tcp
}

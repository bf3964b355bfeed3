import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// Support for the conn.log scenario tests: build a tiny capture with
// CaptureGenerator, run the real slice pipeline on it (SliceProcessor, the code
// behind `process-slice`), read conn.log back and compare every column against
// a row worked out by hand from LOGS.md.
//
// Conventions shared by every scenario (so expected values can be computed by
// counting packets):
// * PacketClock starts at 1700000000 s and advances 1 ms per packet, so the
//   n-th packet (0-based) is at `1700000000.00n000` and a duration is the
//   number of steps between two packets, in ms.
// * Default link: EthernetLink() — client MAC 02:00:00:00:00:01, server MAC
//   02:00:00:00:00:02 (server packets use the reversed link).
// * IP byte arithmetic: IPv4 header 20, TCP header 20 (+4 for the MSS option
//   TCPConversation puts on SYN and SYN+ACK, so a SYN is 44 bytes), UDP header
//   8, ICMP header 8; IPv6 header 40.

/// The fixed start of every scenario clock.
let flowTestStartSeconds: Int64 = 1_700_000_000

/// conn.log `time` text for the packet `milliseconds` after the scenario start.
func flowTestTime(_ milliseconds: Int) -> String {
    String(format: "%lld.%06d", flowTestStartSeconds + Int64(milliseconds / 1000), (milliseconds % 1000) * 1000)
}

/// conn.log `interval` text for a whole number of milliseconds.
func flowTestInterval(_ milliseconds: Int) -> String {
    String(format: "%d.%06d", milliseconds / 1000, (milliseconds % 1000) * 1000)
}

let flowTestClientMAC = "02:00:00:00:00:01"
let flowTestServerMAC = "02:00:00:00:00:02"

/// One parsed conn.log row: field name → TSV text.
struct ConnLogRow: CustomStringConvertible {
    let values: [String: String]
    let line: String

    subscript(_ name: String) -> String? { values[name] }

    var description: String { line }
}

/// A scenario precondition that failed (the test fails with this message).
struct FlowTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The result of running the pipeline on a capture.
struct ConnLogRun {
    /// Where the run happened; removed once the run's results are in memory.
    let directory: URL
    let fields: [String]
    let types: [String]
    let rows: [ConnLogRow]
    let connLogText: String
    let manifest: [String: Any]

    /// The row whose originator/responder matches, failing the test when there is
    /// not exactly one.
    func row(orig: String, _ origPort: Int, resp: String, _ respPort: Int,
             file: StaticString = #filePath, line: UInt = #line) throws -> ConnLogRow {
        let matches = rows.filter {
            $0["id.orig_h"] == orig && $0["id.orig_p"] == String(origPort)
                && $0["id.resp_h"] == resp && $0["id.resp_p"] == String(respPort)
        }
        guard matches.count == 1 else {
            throw FlowTestError("expected one row \(orig):\(origPort) → \(resp):\(respPort), found \(matches.count) in\n\(connLogText)")
        }
        return matches[0]
    }

    /// Every row between these endpoints, in ts order.
    func rows(orig: String, _ origPort: Int, resp: String, _ respPort: Int) -> [ConnLogRow] {
        rows.filter {
            $0["id.orig_h"] == orig && $0["id.orig_p"] == String(origPort)
                && $0["id.resp_h"] == resp && $0["id.resp_p"] == String(respPort)
        }.sorted { ($0["ts"] ?? "") < ($1["ts"] ?? "") }
    }

    /// The only row of the log.
    func onlyRow(file: StaticString = #filePath, line: UInt = #line) throws -> ConnLogRow {
        guard rows.count == 1 else {
            throw FlowTestError("expected exactly one conn.log row, found \(rows.count):\n\(connLogText)")
        }
        return rows[0]
    }
}

/// Everything a conn.log row says, except the uid. Columns that rarely matter in
/// a scenario default to what an untunnelled Ethernet flow without analyzers
/// and without local networks shows.
struct ExpectedConn {
    var ts: String
    var origH: String
    var origP: Int
    var respH: String
    var respP: Int
    var proto: String
    var service = "-"
    var duration: String
    var origBytes: String
    var respBytes: String
    var connState: String
    var localOrig = "-"
    var localResp = "-"
    var missedBytes = 0
    var history: String
    var origPkts: Int
    var origIPBytes: Int
    var respPkts: Int
    var respIPBytes: Int
    var tunnelParents = "-"
    /// nil: derived from `proto` (tcp 6, udp 17, icmp 1; set 58 for ICMPv6).
    var ipProto: Int?
    var origL2 = flowTestClientMAC
    var respL2 = flowTestServerMAC
    var vlan = "-"
    var innerVLAN = "-"

    init(ts: String, orig: String, _ origP: Int, resp: String, _ respP: Int, proto: String,
         duration: String, origBytes: String, respBytes: String, state: String, history: String,
         origPkts: Int, origIPBytes: Int, respPkts: Int, respIPBytes: Int) {
        self.ts = ts
        self.origH = orig
        self.origP = origP
        self.respH = resp
        self.respP = respP
        self.proto = proto
        self.duration = duration
        self.origBytes = origBytes
        self.respBytes = respBytes
        self.connState = state
        self.history = history
        self.origPkts = origPkts
        self.origIPBytes = origIPBytes
        self.respPkts = respPkts
        self.respIPBytes = respIPBytes
    }

    /// The expected text of every column a conn.log may carry.
    var columns: [String: String] {
        let protocolNumber = ipProto ?? ["tcp": 6, "udp": 17, "icmp": 1][proto] ?? -1
        return [
            "ts": ts, "id.orig_h": origH, "id.orig_p": String(origP), "id.resp_h": respH,
            "id.resp_p": String(respP), "proto": proto, "service": service, "duration": duration,
            "orig_bytes": origBytes, "resp_bytes": respBytes, "conn_state": connState,
            "local_orig": localOrig, "local_resp": localResp, "missed_bytes": String(missedBytes),
            "history": history, "orig_pkts": String(origPkts), "orig_ip_bytes": String(origIPBytes),
            "resp_pkts": String(respPkts), "resp_ip_bytes": String(respIPBytes),
            "tunnel_parents": tunnelParents, "ip_proto": String(protocolNumber),
            "orig_l2_addr": origL2, "resp_l2_addr": respL2, "vlan": vlan, "inner_vlan": innerVLAN,
        ]
    }
}

/// Compares every column of `row` except the uid (whose shape is checked) with
/// the hand-worked expectation. A column the log has but the expectation does
/// not know about fails too, so new columns cannot slip by untested.
func assertConn(_ row: ConnLogRow, _ expected: ExpectedConn, file: StaticString = #filePath, line: UInt = #line) {
    let wanted = expected.columns
    var mismatches: [String] = []
    for (name, actual) in row.values.sorted(by: { $0.key < $1.key }) where name != "uid" {
        guard let value = wanted[name] else {
            mismatches.append("unexpected column \(name)=\(actual)")
            continue
        }
        if value != actual { mismatches.append("\(name): expected \(value), got \(actual)") }
    }
    if !mismatches.isEmpty {
        XCTFail("conn.log row differs from LOGS.md:\n  " + mismatches.joined(separator: "\n  ") + "\nrow: \(row.line)",
                file: file, line: line)
    }
}

/// Checks the uid rules of LOGS.md §5.3 on every row: `C` + 16–17 base-62
/// characters, unique within the log.
func assertUIDs(_ run: ConnLogRun, file: StaticString = #filePath, line: UInt = #line) {
    let uids = run.rows.map { $0["uid"] ?? "" }
    for uid in uids {
        XCTAssertNotNil(uid.range(of: "^C[0-9a-zA-Z]{16,17}$", options: .regularExpression),
                        "uid \(uid) does not have the shape C + 16-17 base-62 characters", file: file, line: line)
    }
    XCTAssertEqual(Set(uids).count, uids.count, "uids are not unique: \(uids)", file: file, line: line)
}

enum FlowHarness {
    /// A fresh directory under the system temporary directory.
    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("otsensor-flow-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `packets` (in the given order) as a pcap, runs the slice pipeline
    /// on it with native TSV output, parses conn.log and checks the uids.
    static func run(_ packets: [Packet], localNetworks: String = "none", threads: Int = 2,
                    captureFormat: CaptureFileFormat = .pcap(),
                    file: StaticString = #filePath, line: UInt = #line) throws -> ConnLogRun {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }   // everything is read into memory below
        let capturePath = directory.appendingPathComponent("capture.pcap").path
        try Capture(packets).write(to: capturePath, format: captureFormat)
        let out = directory.appendingPathComponent("out")
        let networks = try XCTUnwrap(LocalNetworks(argument: localNetworks))
        let options = SliceOptions(inputPath: capturePath, outputPath: out.path, threads: threads,
                                   format: .zeekTSV, localNetworks: networks)
        _ = try SliceProcessor(options: options).run()
        let text = try String(contentsOf: out.appendingPathComponent("conn.log"), encoding: .utf8)
        let manifestData = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let run = try parse(text, directory: directory, manifest: manifest)
        assertUIDs(run, file: file, line: line)
        return run
    }

    /// Parses a native Zeek TSV conn.log (header block, rows, `#close`).
    static func parse(_ text: String, directory: URL, manifest: [String: Any]) throws -> ConnLogRun {
        var fields: [String] = []
        var types: [String] = []
        var rows: [ConnLogRow] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#fields\t") {
                fields = line.split(separator: "\t").dropFirst().map(String.init)
            } else if line.hasPrefix("#types\t") {
                types = line.split(separator: "\t").dropFirst().map(String.init)
            } else if line.hasPrefix("#") || line.isEmpty {
                continue
            } else {
                let values = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                XCTAssertEqual(values.count, fields.count, "row has \(values.count) fields, header \(fields.count): \(line)")
                rows.append(ConnLogRow(values: Dictionary(uniqueKeysWithValues: zip(fields, values)), line: String(line)))
            }
        }
        XCTAssertFalse(fields.isEmpty, "conn.log has no #fields line:\n\(text)")
        return ConnLogRun(directory: directory, fields: fields, types: types, rows: rows, connLogText: text,
                          manifest: manifest)
    }
}

/// The standard two hosts of the TCP/UDP scenarios.
enum FlowHosts {
    static let client = "192.168.1.10"
    static let server = "192.168.1.20"
    static let clientPort = 49_152

    static func tcp(serverPort: UInt16 = 80, clientPort: UInt16 = 49_152, clientISN: UInt32 = 1_000,
                    serverISN: UInt32 = 5_000, link: EthernetLink = EthernetLink()) -> TCPConversation {
        TCPConversation(client: HostAddress(stringLiteral: client), clientPort: clientPort,
                        server: HostAddress(stringLiteral: server), serverPort: serverPort,
                        clientISN: clientISN, serverISN: serverISN, link: link)
    }

    static func udp(clientPort: UInt16 = 40_000, serverPort: UInt16 = 50_000,
                    link: EthernetLink = EthernetLink()) -> UDPExchange {
        UDPExchange(client: HostAddress(stringLiteral: client), clientPort: clientPort,
                    server: HostAddress(stringLiteral: server), serverPort: serverPort, link: link)
    }

    /// An expectation for a TCP flow client → server:port with the standard hosts.
    static func tcpRow(ts: Int = 0, serverPort: Int = 80, duration: String, origBytes: String, respBytes: String,
                       state: String, history: String, origPkts: Int, origIPBytes: Int, respPkts: Int,
                       respIPBytes: Int) -> ExpectedConn {
        ExpectedConn(ts: flowTestTime(ts), orig: client, clientPort, resp: server, serverPort, proto: "tcp",
                     duration: duration, origBytes: origBytes, respBytes: respBytes, state: state,
                     history: history, origPkts: origPkts, origIPBytes: origIPBytes, respPkts: respPkts,
                     respIPBytes: respIPBytes)
    }
}

/// `n` payload bytes.
func flowTestPayload(_ count: Int, _ fill: UInt8 = 0x61) -> [UInt8] { [UInt8](repeating: fill, count: count) }

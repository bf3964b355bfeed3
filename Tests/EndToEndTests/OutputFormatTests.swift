import CaptureGenerator
import Foundation
import XCTest

/// `--format json` (LOGS.md §3.6) and `--layout osect` (§2.2 Z8 framing, §6.1's
/// 23 columns), each checked against the native TSV of the same capture.
final class OutputFormatTests: XCTestCase {
    private var directory: URL!
    private var input: String!

    /// The 23 columns of the shipped conn.log, in order (LOGS.md §6.1).
    private let osectColumns = [
        "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service", "duration",
        "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp", "missed_bytes", "history",
        "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "tunnel_parents", "orig_l2_addr", "resp_l2_addr",
    ]

    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
        input = directory.appendingPathComponent("flows.pcap").path
        // A complete TCP exchange, a single UDP datagram (duration and bytes
        // unset), a VLAN-tagged UDP exchange and a ping.
        var packets = EndToEndFlows.tcpExchange()
        packets += EndToEndFlows.udpDatagram(start: 1_700_000_001)
        var tagged = UDPExchange(client: "10.1.1.1", clientPort: 40_000, server: "10.1.1.2", serverPort: 50_000,
                                 link: EthernetLink(vlanTags: [VLANTag(id: 7)]),
                                 clock: PacketClock(start: CaptureTime(seconds: 1_700_000_002)))
        tagged.send(Array(repeating: 1, count: 4), from: .client)
        tagged.send(Array(repeating: 2, count: 6), from: .server)
        packets += tagged.packets
        var echo = ICMPEcho(client: "192.168.1.10", server: "192.168.1.1",
                            clock: PacketClock(start: CaptureTime(seconds: 1_700_000_003)))
        echo.request(); echo.reply()
        packets += echo.packets
        try Capture(packets).write(to: input)
    }

    private func run(_ name: String, _ extra: [String]) throws -> String {
        let result = try EndToEnd.runProcessSlice([input, "--out", name, "--no-progress"] + extra, in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try String(contentsOf: directory.appendingPathComponent(name).appendingPathComponent("conn.log"),
                          encoding: .utf8)
    }

    func testJSONKeysFollowTheSchemaAndOmitUnsetFields() throws {
        let tsv = try run("tsv", ["--local-nets", "none"])
        let json = try run("json", ["--format", "json", "--local-nets", "none"])
        let fields = EndToEnd.tsvFields(tsv)
        XCTAssertFalse(fields.isEmpty)
        let tsvRows = EndToEnd.tsvRows(tsv)
        let lines = json.split(separator: "\n").map(String.init)
        XCTAssertTrue(json.hasSuffix("\n"))
        XCTAssertEqual(lines.count, tsvRows.count, "JSON has a header/trailer or a different row count:\n\(json)")
        XCTAssertEqual(lines.count, 4)
        // §3.6: time/interval are JSON numbers in shortest round-trip form, e.g. "900.0".
        let tcpLine = try XCTUnwrap(lines.first { $0.contains("\"proto\":\"tcp\"") })
        XCTAssertTrue(tcpLine.hasPrefix("{\"ts\":1700000000.0,\"uid\":\""), tcpLine)
        XCTAssertTrue(tcpLine.contains("\"duration\":0.007,"), tcpLine)
        let uidIndex = try XCTUnwrap(fields.firstIndex(of: "uid"))
        var byUID: [String: [String]] = [:]
        for row in tsvRows { byUID[row[uidIndex]] = row }

        for line in lines {
            XCTAssertTrue(line.hasPrefix("{") && line.hasSuffix("}"), line)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
            let keys = EndToEnd.jsonKeysInOrder(line)
            XCTAssertEqual(Set(keys).count, keys.count, "duplicate keys: \(line)")
            XCTAssertEqual(Set(keys), Set(object.keys))
            // Keys in schema (= #fields) order.
            let positions = keys.compactMap { fields.firstIndex(of: $0) }
            XCTAssertEqual(positions.count, keys.count, "key not in the schema: \(keys) vs \(fields)")
            XCTAssertEqual(positions, positions.sorted(), "keys out of schema order: \(keys)")

            let uid = try XCTUnwrap(object["uid"] as? String)
            let row = try XCTUnwrap(byUID[uid], "uid \(uid) not in the TSV log")
            for (index, name) in fields.enumerated() {
                let text = row[index]
                if text == "-" {
                    XCTAssertNil(object[name], "unset field \(name) present in JSON: \(line)")
                    continue
                }
                let value = try XCTUnwrap(object[name], "set field \(name)=\(text) missing from JSON: \(line)")
                switch name {
                case "ts", "duration":
                    let number = try XCTUnwrap(value as? NSNumber, "\(name) is not a number: \(line)")
                    XCTAssertEqual(number.doubleValue, try XCTUnwrap(Double(text)), accuracy: 5e-7, name)
                case "id.orig_p", "id.resp_p", "orig_bytes", "resp_bytes", "missed_bytes", "orig_pkts",
                     "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "ip_proto", "vlan", "inner_vlan":
                    let number = try XCTUnwrap(value as? NSNumber, "\(name) is not a number: \(line)")
                    XCTAssertFalse(line.contains("\"\(name)\":\""), "\(name) is quoted: \(line)")
                    XCTAssertEqual(number.int64Value, try XCTUnwrap(Int64(text)), name)
                case "local_orig", "local_resp":
                    XCTAssertEqual(value as? Bool, text == "T", name)
                case "tunnel_parents":
                    XCTAssertNotNil(value as? [Any], "\(name) is not an array: \(line)")
                default:
                    XCTAssertEqual(value as? String, text, name)
                }
            }
        }

        // The single datagram's row: exactly the set columns, nothing unset.
        let single = try XCTUnwrap(lines.first { $0.contains("\"proto\":\"udp\"") && $0.contains("\"id.orig_h\":\"192.168.1.10\"") })
        let keys = EndToEnd.jsonKeysInOrder(single)
        for unset in ["service", "duration", "orig_bytes", "resp_bytes", "local_orig", "local_resp", "tunnel_parents",
                      "vlan", "inner_vlan"] {
            XCTAssertFalse(keys.contains(unset), "\(unset) should be omitted: \(single)")
        }
        for set in ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "conn_state",
                    "missed_bytes", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes",
                    "orig_l2_addr", "resp_l2_addr"] {
            XCTAssertTrue(keys.contains(set), "\(set) missing: \(single)")
        }
    }

    func testJSONBooleansWithLocalNetworks() throws {
        let json = try run("json", ["--format", "json", "--local-nets", "192.168.0.0/16"])
        let lines = json.split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        for line in lines {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            // Every flow has a local or non-local originator: the columns are set, as JSON booleans.
            XCTAssertTrue(line.contains("\"local_orig\":true") || line.contains("\"local_orig\":false"), String(line))
            let origin = try XCTUnwrap(object["id.orig_h"] as? String)
            XCTAssertEqual(object["local_orig"] as? Bool, origin.hasPrefix("192.168."), String(line))
        }
    }

    func testOsectLayoutIsZ8With23Columns() throws {
        let native = try run("native", [])
        let osect = try run("osect", ["--layout", "osect"])
        XCTAssertTrue(osect.hasSuffix("\n"))
        let lines = osect.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        XCTAssertGreaterThanOrEqual(lines.count, 10)
        XCTAssertEqual(Array(lines.prefix(8)), Array(repeating: "#", count: 8), "Z8 header is 8 lines of '#'")
        XCTAssertEqual(lines.last, "#close", "Z8 trailer is '#close' alone")
        let rows = lines.dropFirst(8).dropLast()
        XCTAssertEqual(rows.count, 4)

        // Each osect row is the native row without the columns Zeek 5.0 lacks.
        let fields = EndToEnd.tsvFields(native)
        let kept = osectColumns.map { fields.firstIndex(of: $0) }
        XCTAssertFalse(kept.contains(nil), "native schema lacks an osect column: \(fields)")
        let nativeRows = EndToEnd.tsvRows(native)
        XCTAssertEqual(nativeRows.count, rows.count)
        for (row, nativeRow) in zip(rows, nativeRows) {
            XCTAssertFalse(row.hasPrefix("#"))
            let values = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(values.count, 23, row)
            XCTAssertEqual(values, kept.map { nativeRow[$0!] }, row)
        }
    }

    func testOsectLayoutOfAnEmptyCaptureIsAnEmptyFile() throws {
        input = directory.appendingPathComponent("empty.pcap").path
        try Capture([]).write(to: input)
        let osect = try run("osect", ["--layout", "osect"])
        XCTAssertEqual(osect, "", "LOGS.md §2.2: empty output is a 0-byte file")
    }

    func testOsectLayoutCannotBeCombinedWithJSON() throws {
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--layout", "osect", "--format", "json"],
                                                  in: directory)
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), [])
    }

    /// Other IP protocols create no conn.log record in the shipped layout (LOGS.md §5.1).
    func testOsectLayoutHasNoRowsForOtherIPProtocols() throws {
        input = directory.appendingPathComponent("sctp.pcap").path
        var path = FlowPath(client: "192.168.1.10", server: "192.168.1.20")
        path.emit(RawPayload(protocolNumber: 132, payload: [UInt8](repeating: 0, count: 28)), from: .client)   // SCTP
        path.emit(RawPayload(protocolNumber: 132, payload: [UInt8](repeating: 0, count: 28)), from: .server)
        let packets = path.packets + EndToEndFlows.udpDatagram(start: 1_700_000_001)
        try Capture(packets).write(to: input)
        let osect = try run("osect", ["--layout", "osect"])
        let rows = osect.split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(rows.count, 1, osect)
        XCTAssertTrue(rows.first?.contains("\tudp\t") ?? false, osect)
    }
}

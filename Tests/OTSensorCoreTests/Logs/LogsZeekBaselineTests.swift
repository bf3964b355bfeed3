import Foundation
import XCTest
@testable import OTSensorCore

/// Real logs Zeek wrote (testdata/third-party/zeek), read back value by value
/// and encoded again: the encoder must give back Zeek's bytes.
final class LogsZeekBaselineTests: XCTestCase {
    private func caseFile(_ name: String, _ log: String) throws -> URL {
        try ThirdPartyTestData.zeekBaseline(case: name, log: log)
    }

    /// Encodes one row of parsed values and masks its `ts` as btest does.
    private func encode(_ values: [ParsedZeekValue], fields: [LogField], format: LogFormat) -> String {
        var encoder = RowEncoder(schema: LogSchema(path: "test", fields: fields, osectFraming: .z8), format: format)
        encoder.beginRow()
        for (value, field) in zip(values, fields) { value.encode(as: field.type, into: &encoder) }
        encoder.endRow()
        return String(decoding: encoder.bytes.dropLast(), as: UTF8.self)
            .replacingOccurrences(of: btestStandInTimeText, with: btestMaskedTime)
    }

    func testQinQConnRowsRoundTrip() throws {
        let file = try ZeekBaselineLog(contentsOf: caseFile("core.q-in-q", "conn.log"))
        XCTAssertEqual(file.rows.count, 2)
        for (row, line) in zip(file.rows, file.lines.filter { !$0.hasPrefix("#") }) {
            let values = try file.parse(row: row)
            XCTAssertEqual(encode(values, fields: file.fields, format: .zeekTSV), String(line))
        }
    }

    func testQinQConnFirstRowFieldByField() throws {
        let file = try ZeekBaselineLog(contentsOf: caseFile("core.q-in-q", "conn.log"))
        XCTAssertEqual(file.fields.map(\.name), ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto",
                                                 "service", "duration", "orig_bytes", "resp_bytes", "conn_state",
                                                 "local_orig", "local_resp", "missed_bytes", "history", "orig_pkts",
                                                 "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "tunnel_parents", "ip_proto"])
        let row = try XCTUnwrap(file.rows.first)
        XCTAssertEqual(row[8], "0.000100")
        var encoder = RowEncoder(schema: LogSchema(path: "conn", fields: file.fields, osectFraming: .z8), format: .zeekTSV)
        encoder.beginRow()
        encoder.time(btestStandInTime)
        encoder.string(String(row[1]))
        encoder.addr(try XCTUnwrap(IPAddress(row[2])))
        encoder.port(try XCTUnwrap(UInt16(row[3])))
        encoder.addr(try XCTUnwrap(IPAddress(row[4])))
        encoder.port(try XCTUnwrap(UInt16(row[5])))
        encoder.enumValue(String(row[6]))
        encoder.unset()
        encoder.interval(Duration(nanoseconds: 100_000))
        for column in 9...10 { encoder.count(try XCTUnwrap(UInt64(row[column]))) }
        encoder.string(String(row[11]))
        encoder.bool(row[12] == "T")
        encoder.bool(row[13] == "T")
        encoder.count(try XCTUnwrap(UInt64(row[14])))
        encoder.string(String(row[15]))
        for column in 16...19 { encoder.count(try XCTUnwrap(UInt64(row[column]))) }
        encoder.unset()
        encoder.count(try XCTUnwrap(UInt64(row[21])))
        encoder.endRow()
        let expected = "XXXXXXXXXX.XXXXXX\tCHhAvVGS1DHFjwGM9\t172.19.51.37\t47808\t172.19.51.63\t47808\tudp\t-\t0.000100\t36\t0\tS0\tT\tT\t0\tD\t2\t92\t0\t0\t-\t17\n"
        XCTAssertEqual(String(decoding: encoder.bytes, as: UTF8.self).replacingOccurrences(of: btestStandInTimeText, with: btestMaskedTime),
                       expected)
        XCTAssertEqual(file.lines.first { !$0.hasPrefix("#") }.map { String($0) + "\n" }, expected)
    }

    func testQinQConnHeaderMatchesOurs() throws {
        let file = try ZeekBaselineLog(contentsOf: caseFile("core.q-in-q", "conn.log"))
        let path = try SpoolFixture.makeDirectory("logs", for: self).appendingPathComponent("conn.log")
        let schema = LogSchema(path: "conn", fields: file.fields, osectFraming: .z8)
        let written = try ZeekLogFile(path: path.path, schema: schema, format: .zeekTSV, opened: .zero, closed: .zero).finish()
        XCTAssertEqual(written.recordCount, 0)
        let ours = try String(contentsOf: path, encoding: .utf8).split(separator: "\n")
        // btest masks #open/#close (and its canonifier turns their TAB into a space); all else must match.
        let theirs = file.lines.filter { $0.hasPrefix("#") && !$0.hasPrefix("###") }
        XCTAssertEqual(ours.count, theirs.count)
        for (our, their) in zip(ours, theirs) where !their.hasPrefix("#open") && !their.hasPrefix("#close") {
            XCTAssertEqual(our, their)
        }
    }

    /// The same four HTTP requests logged as TSV and as JSON: reading the TSV twin
    /// and encoding JSON must give Zeek's JSON baseline line for line.
    func testNonPrintableEscapingJSONBaseline() throws {
        let name = "scripts.base.frameworks.logging.json-non-printable-escaping"
        let tsv = try ZeekBaselineLog(contentsOf: caseFile(name + "~tsv", "http.log"))
        let json = try String(contentsOf: caseFile(name + "~json", "http.log"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(tsv.rows.count, 4)
        XCTAssertEqual(json.count, 4)
        for (row, expected) in zip(tsv.rows, json) {
            XCTAssertEqual(encode(try tsv.parse(row: row), fields: tsv.fields, format: .json), String(expected))
        }
    }

    /// And encoding TSV gives the TSV baseline, except where that run had Zeek's
    /// UTF-8 output on and we, like the sensor (`enable_utf_8 = F`), escape.
    func testNonPrintableEscapingTSVBaseline() throws {
        let name = "scripts.base.frameworks.logging.json-non-printable-escaping~tsv"
        let tsv = try ZeekBaselineLog(contentsOf: caseFile(name, "http.log"))
        let lines = tsv.lines.filter { !$0.hasPrefix("#") }
        for (row, line) in zip(tsv.rows, lines) {
            let expected = String(line).replacingOccurrences(of: "/printable_😄", with: #"/printable_\xf0\x9f\x98\x84"#)
            XCTAssertEqual(encode(try tsv.parse(row: row), fields: tsv.fields, format: .zeekTSV), expected)
        }
    }
}

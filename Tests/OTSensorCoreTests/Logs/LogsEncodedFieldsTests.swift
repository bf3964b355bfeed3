import XCTest
@testable import OTSensorCore

/// Columns encoded once and copied into rows (`EncodedFields`) must give the
/// bytes the field-by-field calls give, in both forms, wherever the copy sits.
final class LogsEncodedFieldsTests: XCTestCase {
    private let schema = LogSchema(path: "test", fields: [
        LogField(name: "ts", type: .time), LogField(name: "uid", type: .string),
        LogField(name: "id.orig_h", type: .addr), LogField(name: "id.orig_p", type: .port),
        LogField(name: "note", type: .string),
    ], osectFraming: .z8)

    private func row(_ format: LogFormat, _ body: (inout RowEncoder) -> Void) -> String {
        var encoder = RowEncoder(schema: schema, format: format)
        encoder.beginRow()
        body(&encoder)
        encoder.endRow()
        return String(decoding: encoder.bytes, as: UTF8.self)
    }

    private func identity(_ encoder: inout RowEncoder) {
        encoder.string("CHhAvVGS1DHFjwGM9")
        encoder.addr(IPAddress(ipv4: 0xC0A8_0001))
        encoder.port(102)
    }

    /// A row with the identity copied in: time, the three columns, `Job`.
    private func rowWithEncodedIdentity(_ format: LogFormat) -> String {
        let encoded = RowEncoder(schema: schema, format: format).encodedFields(startingAt: 1, identity)
        return row(format) {
            $0.time(Timestamp(seconds: 10, microseconds: 5))
            $0.fields(encoded)
            $0.string("Job")
        }
    }

    func testTSVRowWithEncodedFields() {
        XCTAssertEqual(rowWithEncodedIdentity(.zeekTSV), "10.000005\tCHhAvVGS1DHFjwGM9\t192.168.0.1\t102\tJob\n")
    }

    func testJSONRowWithEncodedFields() {
        XCTAssertEqual(rowWithEncodedIdentity(.json),
                       #"{"ts":10.000005,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"192.168.0.1","id.orig_p":102,"note":"Job"}"# + "\n")
    }

    /// In JSON an unset column is left out, so copied columns that follow it
    /// must not bring a comma with them.
    func testJSONRowWhoseFirstColumnIsUnset() {
        let encoded = RowEncoder(schema: schema, format: .json).encodedFields(startingAt: 1, identity)
        let text = row(.json) {
            $0.unset()
            $0.fields(encoded)
            $0.unset()
        }
        XCTAssertEqual(text, #"{"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"192.168.0.1","id.orig_p":102}"# + "\n")
    }

    /// The one-step row starts (`beginRow(time:then:)`, `row(time:then:)`)
    /// give the bytes of the field-by-field calls, for times the TSV fast
    /// path takes and for negative times it leaves to the generic path.
    func testOneStepRowsMatchTheFieldByFieldRows() {
        for format in [LogFormat.zeekTSV, .json] {
            for time in [Timestamp(seconds: 1_700_000_000, microseconds: 123_456), Timestamp(nanoseconds: 999),
                         Timestamp(nanoseconds: -1_500_000_000)] {
                let identityOnly = RowEncoder(schema: schema, format: format).encodedFields(startingAt: 1, identity)
                let allColumns = RowEncoder(schema: schema, format: format).encodedFields(startingAt: 1) {
                    identity(&$0)
                    $0.string("Data")
                }
                let fieldByField = row(format) {
                    $0.time(time)
                    $0.fields(allColumns)
                }
                var started = RowEncoder(schema: schema, format: format)
                started.beginRow(time: time, then: identityOnly)
                started.string("Data")
                started.endRow()
                var whole = RowEncoder(schema: schema, format: format)
                whole.row(time: time, then: allColumns)
                XCTAssertEqual(String(decoding: started.bytes, as: UTF8.self), fieldByField, "\(format) \(time)")
                XCTAssertEqual(String(decoding: whole.bytes, as: UTF8.self), fieldByField, "\(format) \(time)")
                XCTAssertEqual(whole.rowCount, 1)
            }
        }
    }
}

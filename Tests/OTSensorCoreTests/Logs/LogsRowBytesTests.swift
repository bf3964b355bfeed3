import XCTest
@testable import OTSensorCore

// RowBytes skips the per-append uniqueness check that [UInt8] makes; these
// tests pin that encoders still behave as values and that growth keeps bytes.
final class LogsRowBytesTests: XCTestCase {
    private let schema = LogSchema(path: "test", fields: [LogField(name: "s", type: .string)], osectFraming: .z8)

    private func text(_ encoder: RowEncoder) -> String { String(decoding: encoder.bytes, as: UTF8.self) }

    func testCopiedEncoderWritesItsOwnRows() {
        var original = RowEncoder(schema: schema, format: .zeekTSV, initialCapacity: 16)
        original.beginRow()
        original.string("first")
        original.endRow()
        var copy = original
        copy.beginRow()
        copy.string("second")
        copy.endRow()
        original.beginRow()
        original.string("other")
        original.endRow()
        XCTAssertEqual(text(copy), "first\nsecond\n")
        XCTAssertEqual(text(original), "first\nother\n")
    }

    func testRowsLongerThanTheCapacityGrowTheBuffer() {
        var encoder = RowEncoder(schema: schema, format: .zeekTSV, initialCapacity: 16)
        let long = String(repeating: "abcdefgh", count: 1_000)
        for _ in 0..<3 {
            encoder.beginRow()
            encoder.string(long)
            encoder.endRow()
        }
        XCTAssertEqual(text(encoder), String(repeating: long + "\n", count: 3))
    }

    func testHashAtRowStartIsEscapedAfterGrowth() {
        var encoder = RowEncoder(schema: schema, format: .zeekTSV, initialCapacity: 16)
        encoder.beginRow()
        encoder.string("#" + String(repeating: "x", count: 13))
        encoder.endRow()
        XCTAssertEqual(text(encoder), "\\x23" + String(repeating: "x", count: 13) + "\n")
    }
}

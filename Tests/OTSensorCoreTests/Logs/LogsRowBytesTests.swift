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

    /// Short text is stored as four words when 32 bytes are free, and copied
    /// (growing the buffer) when they are not; either way only `count` bytes count.
    func testShortWordAppendsKeepOnlyTheirBytesWithOrWithoutRoom() {
        let words: ByteWords = (0x3837_3635_3433_3231, 0x4847_4645_4443_4241, 0x5857_5655_5453_5251, 0x6867_6665_6463_6261)
        for capacity in [0, 8, 33, 64, 100] {
            var bytes = RowBytes(capacity: capacity)
            var expected = ""
            for count in [0, 1, 17, 32, 5] {
                bytes.append(first: count, of: words)
                expected += String("12345678ABCDEFGHQRSTUVWXabcdefgh".prefix(count))
            }
            XCTAssertEqual(bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }, expected, "capacity \(capacity)")
        }
    }
}

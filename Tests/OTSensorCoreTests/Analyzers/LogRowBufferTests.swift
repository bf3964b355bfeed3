@testable import OTSensorCore
import XCTest

/// A row whose body throws is given up whole: none of its bytes and no time
/// stay in the buffer, and the rows around it are untouched.
final class LogRowBufferTests: XCTestCase {
    private struct Rejected: Error {}

    private let schema = LogSchema(path: "t", fields: [
        LogField(name: "ts", type: .time), LogField(name: "v", type: .vector(.string)),
    ], osectFraming: .z8)

    private func texts(_ buffer: inout LogRowBuffer) -> [String] {
        buffer.storePendingRows()
        return buffer.sorted().rows.map { String(decoding: $0, as: UTF8.self) }
    }

    func testARowWhoseBodyThrowsLeavesNothingBehind() {
        for format in [LogFormat.zeekTSV, .json] {
            var buffer = LogRowBuffer(schema: schema, format: format)
            buffer.row(at: Timestamp(nanoseconds: 1_000)) { row in
                row.time(Timestamp(nanoseconds: 1_000))
                row.stringVector(["a"])
            }
            XCTAssertThrowsError(try buffer.row(at: Timestamp(nanoseconds: 2_000)) { (row) throws(Rejected) in
                row.time(Timestamp(nanoseconds: 2_000))
                row.beginTextVector()
                row.textElement { LogText.append("half", to: &$0) }
                throw Rejected()
            })
            buffer.row(at: Timestamp(nanoseconds: 3_000)) { row in
                row.time(Timestamp(nanoseconds: 3_000))
                row.stringVector([String]())
            }
            XCTAssertEqual(buffer.count, 2, "\(format)")
            let expected = format == .json
                ? [#"{"ts":0.000001,"v":["a"]}"# + "\n", #"{"ts":0.000003,"v":[]}"# + "\n"]
                : ["0.000001\ta\n", "0.000003\t(empty)\n"]
            XCTAssertEqual(texts(&buffer), expected, "\(format)")
        }
    }
}

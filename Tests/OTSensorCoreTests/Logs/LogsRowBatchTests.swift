import Foundation
import XCTest
@testable import OTSensorCore

/// The log writer keeps one `RowBatch` for every log it writes, so a batch
/// must never carry rows from one file into another.
final class LogsRowBatchTests: XCTestCase {
    private let schema = LogSchema(path: "demo", fields: [LogField(name: "n", type: .count)], osectFraming: .z8)
    private let time = Timestamp(seconds: 1_445_000_735, microseconds: 0)

    /// /dev/full takes the open and refuses every write (ENOSPC): the flush
    /// fails, and the next file written through the same batch holds only
    /// its own rows.
    func testAFailedFlushLeavesTheBatchEmptyForTheNextFile() throws {
        var batch = RowBatch()
        var failing = try ZeekLogFile(path: "/dev/full", schema: schema, format: .zeekTSV, opened: time, closed: time)
        let large = [UInt8](repeating: 0x37, count: 100_000) + [0x0A]
        try large.withUnsafeBytes { try batch.append($0, to: &failing) }
        XCTAssertThrowsError(try batch.flush(to: &failing))

        let path = try SpoolFixture.makeDirectory("batch", for: self).appendingPathComponent("demo.log").path
        var file = try ZeekLogFile(path: path, schema: schema, format: .zeekTSV, opened: time, closed: time)
        try Array("42\n".utf8).withUnsafeBytes { try batch.append($0, to: &file) }
        try batch.flush(to: &file)
        let summary = try file.finish()
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertTrue(rows == ["42"], "rows of \(rows.map(\.count)) bytes, not the one row written")
        XCTAssertEqual(summary.recordCount, 1)
    }
}

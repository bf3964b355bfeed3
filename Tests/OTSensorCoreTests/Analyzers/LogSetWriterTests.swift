import Crypto
import Foundation
@testable import OTSensorCore
import XCTest

/// The log writer writes rows while later chunks are analysed; whatever it
/// was handed when, a file holds every row once, in (ts, shard, order of
/// addition) order. The expected orders here are worked out by hand from
/// that rule.
final class LogSetWriterTests: XCTestCase {
    private let log = LogDescription(fileName: "probe.log", schema: LogSchema(
        path: "probe", fields: [LogField(name: "ts", type: .time), LogField(name: "note", type: .string)],
        osectFraming: .z8))

    /// Two shards' live buffers, and rows added to them by (second, shard, note).
    private struct Shards {
        var buffers: [LogRowBuffer]

        init(schema: LogSchema) {
            buffers = (0..<2).map { _ in LogRowBuffer(schema: schema, format: .zeekTSV) }
        }

        mutating func add(_ rows: [(second: Int64, shard: Int, note: String)]) {
            for row in rows {
                let time = Timestamp(nanoseconds: row.second * 1_000_000_000)
                buffers[row.shard].row(at: time) { encoder in
                    encoder.time(time)
                    encoder.string(row.note)
                }
            }
        }

        /// What the analyze stage hands over after a chunk: `[shard][log]`.
        mutating func takeLiveRows(_ retention: RowRetention) -> [[RowRun]] {
            buffers.indices.map { [buffers[$0].takeNewRows(retention)] }
        }
    }

    private func second(_ value: Int64) -> Timestamp { Timestamp(nanoseconds: value * 1_000_000_000) }

    /// Runs the writer over `steps` (rows added, then the chunk's newest time),
    /// finishes it, and returns the file's notes in order with the manifest entry.
    private func write(_ steps: [(rows: [(second: Int64, shard: Int, note: String)], newest: Int64)],
                       thenAtEnd lastRows: [(second: Int64, shard: Int, note: String)] = [],
                       retention: RowRetention = .kept)
        throws -> (notes: [String], text: String, output: Manifest.OutputFile) {
        let root = try SpoolFixture.makeDirectory("logs", for: self)
        let directory = try OutputDirectory(path: root.appendingPathComponent("out").path, force: false)
        let writer = LogSetWriter(logs: [log], format: .zeekTSV, directory: directory, retention: retention,
                                  clock: StageClock())
        var shards = Shards(schema: log.schema(for: .zeekTSV))
        for step in steps {
            shards.add(step.rows)
            writer.write(chunkRows: shards.takeLiveRows(retention), newest: second(step.newest), opened: second(1))
        }
        shards.add(lastRows)
        for i in shards.buffers.indices { shards.buffers[i].storePendingRows() }
        let outputs = try writer.finish(shards: shards.buffers.map { [$0] }, opened: second(1), closed: second(9),
                                        threads: 2)
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.path(of: "probe.log")))
        let text = String(decoding: data, as: UTF8.self)
        let notes = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.split(separator: "\t")[1]) }
        let output = try XCTUnwrap(outputs.first)
        XCTAssertEqual(output.bytes, data.count)
        XCTAssertEqual(output.records, notes.count)
        XCTAssertEqual(output.sha256, SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
        XCTAssertTrue(text.hasSuffix("#close\t1970-01-01-00-00-09\n"), "the trailer prints the closing time")
        return (notes, text, output)
    }

    func testRowsHandedOverInStepsLandInTimeShardAndAdditionOrder() throws {
        let streamed = try write([
            (rows: [(1, 0, "a"), (3, 0, "c0"), (2, 1, "b"), (3, 1, "c1")], newest: 3),
            (rows: [(3, 1, "c1-later"), (5, 0, "e"), (6, 1, "f")], newest: 6),
        ], thenAtEnd: [(6, 0, "f0"), (7, 1, "g")])
        // Rows at 3 wait for the second step (not older than the first watermark), where shard 0's
        // row comes first and shard 1's keep their order of addition; at 6, shard 0 before shard 1.
        XCTAssertEqual(streamed.notes, ["a", "b", "c0", "c1", "c1-later", "e", "f0", "f", "g"])

        let atEnd = try write([], thenAtEnd: [(1, 0, "a"), (3, 0, "c0"), (2, 1, "b"), (3, 1, "c1"),
                                             (3, 1, "c1-later"), (5, 0, "e"), (6, 1, "f"), (6, 0, "f0"), (7, 1, "g")])
        XCTAssertEqual(streamed.text, atEnd.text, "writing during the analysis changes the file")
        XCTAssertEqual(streamed.output.sha256, atEnd.output.sha256)
        XCTAssertEqual(streamed.output.records, atEnd.output.records)
    }

    func testARowOlderThanWrittenRowsMakesTheLogBeWrittenWholeAtTheEnd() throws {
        // After the first step rows before 5 are on disk; then a capture going back in time adds a
        // row at 2 (shard 1), which must still land between "a" and "c".
        let result = try write([
            (rows: [(1, 0, "a"), (3, 0, "c"), (5, 1, "e")], newest: 5),
            (rows: [(2, 1, "b"), (6, 0, "f")], newest: 6),
        ], thenAtEnd: [(7, 0, "g")])
        XCTAssertEqual(result.notes, ["a", "b", "c", "e", "f", "g"])
    }

    func testALateRowFoundOnlyAtTheEndIsStillPlaced() throws {
        let result = try write([(rows: [(1, 0, "a"), (4, 1, "d")], newest: 4)], thenAtEnd: [(2, 0, "b"), (5, 1, "e")])
        XCTAssertEqual(result.notes, ["a", "b", "d", "e"])
    }

    func testUnsortedRowsWithinAShardAreSortedStably() throws {
        let result = try write([(rows: [(3, 0, "c"), (1, 0, "a"), (3, 0, "c-second"), (2, 0, "b")], newest: 3)],
                               thenAtEnd: [(4, 1, "d")])
        XCTAssertEqual(result.notes, ["a", "b", "c", "c-second", "d"])
    }

    /// With `.released` the shards let rows go once handed over, and the file
    /// is the same; rows left waiting at the newest time survive the stores
    /// of the rows written before them being freed.
    func testRowsReleasedByTheShardsMakeTheSameFile() throws {
        let steps: [(rows: [(second: Int64, shard: Int, note: String)], newest: Int64)] = [
            (rows: [(1, 0, "a"), (3, 0, "c0"), (2, 1, "b"), (3, 1, "c1")], newest: 3),
            (rows: [(3, 1, "c1-later"), (5, 0, "e"), (6, 1, "f")], newest: 6),
            (rows: [(6, 0, "f0"), (6, 1, "f1")], newest: 6),
        ]
        let atEnd: [(second: Int64, shard: Int, note: String)] = [(7, 1, "g")]
        let released = try write(steps, thenAtEnd: atEnd, retention: .released)
        XCTAssertEqual(released.notes, ["a", "b", "c0", "c1", "c1-later", "e", "f0", "f", "f1", "g"])
        XCTAssertEqual(released.text, try write(steps, thenAtEnd: atEnd, retention: .kept).text)
    }

    /// Written rows are gone with `.released`: a row older than them is
    /// reported, for the slice to be analysed again, whether it comes during
    /// the analysis or at the end.
    func testALateRowWithReleasedRowsIsReportedNotMisplaced() throws {
        XCTAssertThrowsError(try write([
            (rows: [(1, 0, "a"), (3, 0, "c"), (5, 1, "e")], newest: 5),
            (rows: [(2, 1, "b"), (6, 0, "f")], newest: 6),
        ], retention: .released)) { XCTAssertTrue($0 is RowsOutOfOrder, "\($0)") }
        XCTAssertThrowsError(try write([(rows: [(1, 0, "a"), (4, 1, "d")], newest: 4)],
                                       thenAtEnd: [(2, 0, "b")], retention: .released)) {
            XCTAssertTrue($0 is RowsOutOfOrder, "\($0)")
        }
    }
}

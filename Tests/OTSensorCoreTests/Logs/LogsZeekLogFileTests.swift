import Foundation
import XCTest
@testable import OTSensorCore

/// Whole files: the native header block (LOGS.md §3.1), the osect framings
/// (§2.2), JSON, the empty-file rules, and the manifest summary.
final class LogsZeekLogFileTests: XCTestCase {
    private let schema = LogSchema(
        path: "demo",
        fields: [LogField(name: "ts", type: .time), LogField(name: "uid", type: .string),
                 LogField(name: "id.orig_h", type: .addr), LogField(name: "tags", type: .set(.string)),
                 LogField(name: "n", type: .count)],
        osectFraming: .z8)
    private let opened = Timestamp(seconds: 1_445_000_735, microseconds: 22_969)  // 2015-10-16T13:05:35.022969Z
    private let closed = Timestamp(seconds: 1_445_000_795, microseconds: 999_999)

    private var directory: URL!

    override func setUpWithError() throws {
        directory = try SpoolFixture.makeDirectory("logs", for: self)
    }

    /// Writes `rows` rows through a `ZeekLogFile` and returns the file's text and summary.
    private func write(_ schema: LogSchema, _ format: LogFormat, rows: Int,
                       opened: Timestamp? = nil, closed: Timestamp? = nil) throws -> (String, LogFileSummary) {
        let path = directory.appendingPathComponent("\(schema.path)-\(format).log").path
        var file = try ZeekLogFile(path: path, schema: schema, format: format,
                                   opened: opened ?? self.opened, closed: closed ?? self.closed)
        var encoder = RowEncoder(schema: schema, format: format)
        for index in 0..<rows {
            encoder.beginRow()
            encoder.time(Timestamp(seconds: 1_445_000_735 + Int64(index), microseconds: 5))
            encoder.string("C\(index)")
            encoder.addr(IPAddress(ipv4: 0x0A00_0001))
            encoder.unset()
            encoder.count(index)
            encoder.endRow()
        }
        try file.append(&encoder)
        XCTAssertEqual(encoder.bytes.count, 0, "append(_:) hands the rows over")
        let summary = try file.finish()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(summary.byteCount, bytes.count)
        return (String(decoding: bytes, as: UTF8.self), summary)
    }

    private let row0 = "1445000735.000005\tC0\t10.0.0.1\t-\t0\n"
    private let row1 = "1445000736.000005\tC1\t10.0.0.1\t-\t1\n"

    func testNativeHeaderBlockByteForByte() throws {
        let (text, summary) = try write(schema, .zeekTSV, rows: 2)
        XCTAssertEqual(text, """
            #separator \\x09
            #set_separator\t,
            #empty_field\t(empty)
            #unset_field\t-
            #path\tdemo
            #open\t2015-10-16-13-05-35
            #fields\tts\tuid\tid.orig_h\ttags\tn
            #types\ttime\tstring\taddr\tset[string]\tcount

            """ + row0 + row1 + "#close\t2015-10-16-13-06-35\n")
        XCTAssertEqual(summary.recordCount, 2)
    }

    func testEmptyNativeLogIsHeaderAndClose() throws {
        let (text, summary) = try write(schema, .zeekTSV, rows: 0, opened: .zero, closed: .zero)
        XCTAssertTrue(text.hasPrefix("#separator \\x09\n"))
        XCTAssertTrue(text.contains("\n#open\t1970-01-01-00-00-00\n#fields\t"))
        XCTAssertTrue(text.hasSuffix("\n#types\ttime\tstring\taddr\tset[string]\tcount\n#close\t1970-01-01-00-00-00\n"))
        XCTAssertEqual(text.split(separator: "\n").count, 9)
        XCTAssertEqual(summary.recordCount, 0)
    }

    func testOsectZ8Framing() throws {
        let (text, summary) = try write(schema, .osect, rows: 2)
        XCTAssertEqual(text, "#\n#\n#\n#\n#\n#\n#\n#\n" + row0 + row1 + "#close\n")
        XCTAssertEqual(summary.recordCount, 2)
        XCTAssertEqual(summary.byteCount, 16 + row0.utf8.count + row1.utf8.count + 7)
    }

    func testOsectZ1Framing() throws {
        let z1 = LogSchema(path: "dhcp2", fields: schema.fields, osectFraming: .z1)
        let (text, _) = try write(z1, .osect, rows: 2)
        XCTAssertEqual(text, "#\n" + row0 + row1)
    }

    func testEmptyOsectAndJSONLogsAreZeroBytes() throws {
        let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        for (schema, format) in [(schema, LogFormat.osect), (LogSchema(path: "z1", fields: schema.fields, osectFraming: .z1), .osect),
                                 (schema, .json)] {
            let (text, summary) = try write(schema, format, rows: 0)
            XCTAssertEqual(text, "", "\(schema.osectFraming) \(format)")
            XCTAssertEqual(summary, LogFileSummary(byteCount: 0, recordCount: 0, sha256: emptySHA256))
        }
    }

    func testJSONFileIsRowsOnly() throws {
        let (text, summary) = try write(schema, .json, rows: 2)
        XCTAssertEqual(text, #"{"ts":1445000735.000005,"uid":"C0","id.orig_h":"10.0.0.1","n":0}"# + "\n"
            + #"{"ts":1445000736.000005,"uid":"C1","id.orig_h":"10.0.0.1","n":1}"# + "\n")
        XCTAssertEqual(summary.recordCount, 2)
    }

    func testDigestIsTheSHA256OfTheFile() throws {
        // FIPS 180-2's "abc" example, as the whole content of a rows-only file.
        let path = directory.appendingPathComponent("abc.json").path
        var file = try ZeekLogFile(path: path, schema: schema, format: .json, opened: .zero, closed: .zero)
        try Array("abc".utf8).withUnsafeBytes { try file.append(encodedRows: $0) }
        let summary = try file.finish()
        XCTAssertEqual(summary.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(summary.byteCount, 3)
    }

    func testLargeFilesStreamInBatchesWithTheSameBytesAndDigest() throws {
        let row = Array("1445000735.000005\tCabc\t10.0.0.1\t-\t12345\n".utf8)
        let rowsPerBatch = 40_000  // about 1.6 MB a batch, more than the writer's buffer
        var batch: [UInt8] = []
        for _ in 0..<rowsPerBatch { batch += row }

        func writeFile(_ name: String, batches: [ArraySlice<UInt8>]) throws -> LogFileSummary {
            var file = try ZeekLogFile(path: directory.appendingPathComponent(name).path, schema: schema, format: .osect,
                                       opened: opened, closed: closed)
            for batch in batches { try batch.withUnsafeBytes { try file.append(encodedRows: $0) } }
            return try file.finish()
        }
        let small = stride(from: 0, to: batch.count, by: 999).map { batch[$0..<min($0 + 999, batch.count)] }
        let inPieces = try writeFile("pieces.log", batches: small + [batch[...], batch[...]])
        let inThree = try writeFile("three.log", batches: [batch[...], batch[...], batch[...]])
        // Pieces large enough to bypass the file's buffer, between small ones that wait in it.
        let midSized = stride(from: 0, to: batch.count, by: 70_001).map { batch[$0..<min($0 + 70_001, batch.count)] }
        let inMixedPieces = try writeFile("mixed.log", batches: small + midSized + [batch[...]])

        XCTAssertEqual(inPieces, inThree)
        XCTAssertEqual(inMixedPieces, inThree)
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("mixed.log")),
                       try Data(contentsOf: directory.appendingPathComponent("three.log")))
        XCTAssertEqual(inThree.recordCount, 3 * rowsPerBatch)
        XCTAssertEqual(inThree.byteCount, 16 + 3 * batch.count + 7)
        let bytes = try Data(contentsOf: directory.appendingPathComponent("three.log"))
        XCTAssertEqual(bytes.count, inThree.byteCount)
        XCTAssertEqual(Array(bytes.prefix(16 + row.count)), Array("#\n#\n#\n#\n#\n#\n#\n#\n".utf8) + row)
        XCTAssertEqual(Array(bytes.suffix(7 + row.count)), row + Array("#close\n".utf8))
    }

    func testOpenAndCloseStampsAreUTCFromPacketTime() throws {
        func stamp(_ time: Timestamp) -> String {
            var out: [UInt8] = []
            ZeekLogDate.append(time, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        XCTAssertEqual(stamp(.zero), "1970-01-01-00-00-00")
        XCTAssertEqual(stamp(opened), "2015-10-16-13-05-35")
        XCTAssertEqual(stamp(Timestamp(seconds: 951_868_799, microseconds: 999_999)), "2000-02-29-23-59-59")
        XCTAssertEqual(stamp(Timestamp(seconds: 951_868_800, microseconds: 0)), "2000-03-01-00-00-00")
        XCTAssertEqual(stamp(Timestamp(seconds: 1_704_067_199, microseconds: 0)), "2023-12-31-23-59-59")
        XCTAssertEqual(stamp(Timestamp(nanoseconds: -1)), "1969-12-31-23-59-59")
    }

    func testOpenFailureReportsThePath() {
        let path = directory.appendingPathComponent("missing/dir/x.log").path
        do {
            _ = try ZeekLogFile(path: path, schema: schema, format: .zeekTSV, opened: .zero, closed: .zero)
            XCTFail("opened a file in a missing directory")
        } catch {
            XCTAssertEqual(error as? LogFileError, LogFileError(path: path, operation: "open", code: ENOENT))
        }
    }
}

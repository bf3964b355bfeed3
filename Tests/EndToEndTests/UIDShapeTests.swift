import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// BUG (left out of the commit): LOGS.md §5.3 Product requires uids of the
/// shape C + 16–17 base-62 characters; some are C + 15.
final class UIDShapeTests: XCTestCase {
    func testEveryUIDHasSixteenOrSeventeenBase62Characters() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let input = directory.appendingPathComponent("mixed.pcap").path
        let writer = try PcapWriter(path: input)
        _ = try BenchmarkCapture(targetFileBytes: 1_500_000, concurrentFlows: 300, seed: 42).write(to: writer)
        try writer.close()
        let out = directory.appendingPathComponent("out")
        _ = try SliceProcessor(options: SliceOptions(inputPath: input, outputPath: out.path, threads: 2)).run()
        ManifestSchema.validate(out.appendingPathComponent("manifest.json"))
        let text = try String(contentsOf: out.appendingPathComponent("conn.log"), encoding: .utf8)
        let fields = EndToEnd.tsvFields(text)
        let uidIndex = try XCTUnwrap(fields.firstIndex(of: "uid"))
        let uids = EndToEnd.tsvRows(text).map { $0[uidIndex] }
        let bad = uids.filter { $0.range(of: "^C[0-9a-zA-Z]{16,17}$", options: .regularExpression) == nil }
        XCTAssertEqual(bad, [], "\(bad.count) of \(uids.count) uids violate C + 16–17 base-62 characters")
    }
}

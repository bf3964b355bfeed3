import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

final class SliceRunnerTests: XCTestCase {
    private func runner(_ layout: SpoolLayout, keepPcap: Bool = false) -> SliceRunner {
        SliceRunner(layout: layout, settings: RunSettings(threads: 2, zstdLevel: 3, keepPcap: keepPcap), logger: SpoolFixture.logger)
    }

    func testCapturesBecomeLogsAndArchivesOldestFirstAndTheCaptureGoes() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        try SpoolFixture.dropSample(into: layout, id: "20261123T104200Z-s1")
        try SpoolFixture.dropSample(into: layout, id: "20261123T104100Z-s1")
        try Data("partial".utf8).write(to: layout.incoming.appendingPathComponent("20261123T104300Z-s1.pcap.part"))

        let report = try runner(layout).run()

        XCTAssertEqual(report.processed, ["20261123T104100Z-s1", "20261123T104200Z-s1"])
        XCTAssertEqual(report.packaged, report.processed)
        XCTAssertEqual(SpoolFixture.names(in: layout.incoming), ["20261123T104300Z-s1.pcap.part"], "only complete captures are taken")
        XCTAssertEqual(SpoolFixture.names(in: layout.outbox), ["20261123T104100Z-s1.tar.zst", "20261123T104200Z-s1.tar.zst"])
        XCTAssertEqual(SpoolFixture.names(in: layout.logDirectory(for: "20261123T104100Z-s1")),
                       (["conn.log", "conn_long.log", "eve.json", "manifest.json"]
                        + AnalyzerRegistry.logs.map(\.fileName)).sorted(),
                       "the full log set process-slice --state writes (run carries connections between slices)")
        XCTAssertEqual(try runner(layout).run(), RunReport(), "a second run finds nothing to do")
    }

    func testKeepPcapMovesTheCaptureToCaptures() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        let capture = try SpoolFixture.dropSample(into: layout, id: "20261123T104100Z")
        let bytes = try Data(contentsOf: capture)
        _ = try runner(layout, keepPcap: true).run()
        XCTAssertEqual(try Data(contentsOf: layout.captures.appendingPathComponent("20261123T104100Z.pcap")), bytes)
        XCTAssertEqual(SpoolFixture.names(in: layout.incoming), [])
    }

    func testACorruptCaptureIsQuarantinedWithItsErrorAndTheRunGoesOn() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        try Data("this is not a capture at all".utf8).write(to: layout.incoming.appendingPathComponent("20261123T104000Z.pcap"))
        try SpoolFixture.dropSample(into: layout, id: "20261123T104100Z")

        let report = try runner(layout).run()

        XCTAssertEqual(report.quarantined, ["20261123T104000Z"])
        XCTAssertEqual(report.processed, ["20261123T104100Z"])
        XCTAssertEqual(SpoolFixture.names(in: layout.quarantine), ["20261123T104000Z.pcap", "20261123T104000Z.pcap.error.txt"])
        let reason = try String(contentsOf: layout.quarantine.appendingPathComponent("20261123T104000Z.pcap.error.txt"), encoding: .utf8)
        XCTAssertFalse(reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        XCTAssertFalse(FileManager.default.fileExists(atPath: layout.logDirectory(for: "20261123T104000Z").path))
    }

    func testATruncatedCaptureStillYieldsLogsAndAnArchive() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        let bytes = try SampleCapture.make().fileBytes()
        try Data(bytes.dropLast(7)).write(to: layout.incoming.appendingPathComponent("20261123T104100Z.pcap"))

        let report = try runner(layout).run()

        XCTAssertEqual(report.truncated, ["20261123T104100Z"])
        XCTAssertEqual(report.packaged, ["20261123T104100Z"])
        let manifest = try String(contentsOf: layout.logDirectory(for: "20261123T104100Z").appendingPathComponent("manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"truncated\" : true"), manifest)
    }

    func testAnInterruptedProcessingIsRedoneFromScratch() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        try SpoolFixture.dropSample(into: layout, id: "20261123T104100Z")
        // What a kill leaves: process-slice's temporary folder, and a logs folder without manifest.
        let leftover = layout.logs.appendingPathComponent("20261123T104100Z.tmp-4242")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: leftover.appendingPathComponent("conn.log"))
        try FileManager.default.createDirectory(at: layout.logDirectory(for: "20261123T104100Z"), withIntermediateDirectories: true)
        try Data("half".utf8).write(to: layout.logDirectory(for: "20261123T104100Z").appendingPathComponent("conn.log"))

        let report = try runner(layout).run()

        XCTAssertEqual(report.processed, ["20261123T104100Z"])
        XCTAssertEqual(SpoolFixture.names(in: layout.logs), ["20261123T104100Z"])
        let conn = try String(contentsOf: layout.logDirectory(for: "20261123T104100Z").appendingPathComponent("conn.log"), encoding: .utf8)
        XCTAssertTrue(conn.hasPrefix("#separator"), "conn.log rewritten in full")
    }

    func testAnArchiveAlreadyDeliveredIsNotPackagedAgainAfterACrash() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        let capture = try SpoolFixture.dropSample(into: layout, id: "20261123T104100Z")
        let saved = try Data(contentsOf: capture)
        _ = try runner(layout).run()
        // Delivered, then the box crashed before the capture was removed.
        try SentRecord(file: layout.sentRecord).append(archive: "20261123T104100Z.tar.zst", sha256: "00", at: Date())
        try FileManager.default.removeItem(at: layout.archive(for: "20261123T104100Z"))
        try saved.write(to: capture)

        let report = try runner(layout).run()

        XCTAssertEqual(report.processed, [], "its logs are complete")
        XCTAssertEqual(report.packaged, [], "it was delivered")
        XCTAssertEqual(SpoolFixture.names(in: layout.outbox), [])
        XCTAssertEqual(SpoolFixture.names(in: layout.incoming), [])
    }

    func testTheCaptureSidecarTravelsWithTheLogs() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        try SpoolFixture.dropSample(into: layout, id: "20261123T104100Z")
        let stats = CaptureStatistics(interface: "eth1", slice: "20261123T104100Z", start: Date(timeIntervalSince1970: 1_795_000_000),
                                      end: Date(timeIntervalSince1970: 1_795_000_060), written: 30, received: 31, dropped: 1, interfaceDropped: 0)
        try stats.encoded().write(to: layout.incoming.appendingPathComponent("20261123T104100Z.capture.json"))

        _ = try runner(layout).run()

        let copied = try Data(contentsOf: layout.logDirectory(for: "20261123T104100Z").appendingPathComponent("capture.json"))
        XCTAssertEqual(try CaptureStatistics.decode(copied), stats)
        // The slice's manifest shows libpcap's counts too (issue: "the manifest of that slice shows them").
        let manifest = try Data(contentsOf: layout.logDirectory(for: "20261123T104100Z").appendingPathComponent("manifest.json"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        let capture = try XCTUnwrap((object["input"] as? [String: Any])?["capture"] as? [String: Any],
                                    "manifest.json's input has no capture section")
        XCTAssertEqual(capture["received"] as? Int, 31)
        XCTAssertEqual(capture["dropped"] as? Int, 1)
        XCTAssertEqual(capture["interface_dropped"] as? Int, 0)
        XCTAssertEqual(capture["start"] as? String, "2026-11-18T11:06:40Z")
        XCTAssertEqual(SpoolFixture.names(in: layout.incoming), [])
    }
}

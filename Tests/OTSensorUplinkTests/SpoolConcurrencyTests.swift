import Foundation
import OTSensorCore
import XCTest

/// Two `otsensor run` at once, and `run` and `clean` at once, on a real spool with real
/// captures: the second finds the spool's lock taken, says so and exits 0 (README,
/// "Install on a sensor") having touched nothing; every slice is processed once, and
/// `send` then delivers each exactly once with the logs an undisturbed spool gets.
final class SpoolConcurrencyTests: XCTestCase {
    private let busy = "another otsensor process holds"

    func testTwoRunsAtOnceProcessEachSliceOnce() throws {
        let setting = try SpoolSetting(for: self)
        let reference = try setting.referenceSpool(slices: 4, connections: 1_500)
        let (layout, config) = try setting.spool(at: setting.scratch.appendingPathComponent("spool"))
        let ids = try StreamCaptures.write(slices: 4, connections: 1_500, into: layout.incoming)

        let first = try BackgroundCommand(["run", "--config", config.path],
                                          errorFile: setting.scratch.appendingPathComponent("first.txt"))
        XCTAssertTrue(LockTable.waitUntil(first.pid, holds: layout.lockFile) { first.process.isRunning },
                      "the first run ended before it was seen holding the lock")
        let second = try Executables.run("otsensor", ["run", "--config", config.path])
        // A capacity limit of ~1 kB: a clean that ran now would remove every log and archive.
        let clean = try Executables.run("otsensor", ["clean", "--config", config.path, "--max-gb", "0.000001"])
        let firstResult = first.finish()

        XCTAssertEqual(firstResult.status, 0, firstResult.errorText)
        XCTAssertEqual(second.status, 0, second.errorText)
        XCTAssertTrue(second.errorText.contains(busy), second.errorText)
        XCTAssertFalse(second.errorText.contains("processed"), second.errorText)
        XCTAssertEqual(clean.status, 0, clean.errorText)
        XCTAssertTrue(clean.errorText.contains(busy), clean.errorText)
        XCTAssertFalse(clean.errorText.contains("removed"), clean.errorText)
        for id in ids {
            XCTAssertEqual(firstResult.errorText.components(separatedBy: "slice \(id): processed").count - 1, 1,
                           "\(id) processed once: \(firstResult.errorText)")
        }
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.logs), ids)
        try setting.assertNextRunDeliversEachSliceOnce(ids, layout: layout, config: config, reference: reference)
    }

    func testRunWhileCleanRunsWaitsItsTurn() throws {
        let setting = try SpoolSetting(for: self)
        let reference = try setting.referenceSpool(slices: 2, connections: 500)
        // On a tmpfs, so that the thousands of files below are made in a moment.
        let disk = try SmallFileSystem(bytes: 64 << 20, at: setting.scratch.appendingPathComponent("spool-fs"), for: self)
        let (layout, config) = try setting.spool(at: disk.mountPoint.appendingPathComponent("spool"))
        let longAgo = Date().addingTimeInterval(-500 * 86_400)
        // Log folders past the age limit, enough to keep clean busy for a second or so.
        for day in 0..<60 {
            let folder = layout.logs.appendingPathComponent(String(format: "20250101T0000%02dZ-plant-a-sensor-1", day))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for index in 0..<300 { close(open(folder.appendingPathComponent("\(index).log").path, O_CREAT | O_WRONLY, 0o640)) }
            try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: folder.path)
        }
        // An archive never delivered, as old: clean keeps it (only capacity removes undelivered archives).
        let undelivered = "20250101T000000Z-plant-a-sensor-1.tar.zst"
        try UploadFixture.putArchive(undelivered, in: layout)
        try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: layout.outbox.appendingPathComponent(undelivered).path)
        let ids = try StreamCaptures.write(slices: 2, connections: 500, into: layout.incoming)
        let captures = try ids.map { try Data(contentsOf: layout.incoming.appendingPathComponent("\($0).pcap")) }

        let clean = try BackgroundCommand(["clean", "--config", config.path],
                                          errorFile: setting.scratch.appendingPathComponent("clean.txt"))
        XCTAssertTrue(LockTable.waitUntil(clean.pid, holds: layout.lockFile) { clean.process.isRunning },
                      "clean ended before it was seen holding the lock")
        let run = try Executables.run("otsensor", ["run", "--config", config.path])
        let cleanStillRunning = clean.process.isRunning
        let cleanResult = clean.finish()

        XCTAssertEqual(run.status, 0, run.errorText)
        XCTAssertTrue(run.errorText.contains(busy), run.errorText)
        XCTAssertTrue(cleanStillRunning, "clean outlasted the refused run")
        XCTAssertEqual(cleanResult.status, 0, cleanResult.errorText)
        for (id, bytes) in zip(ids, captures) {
            XCTAssertEqual(try? Data(contentsOf: layout.incoming.appendingPathComponent("\(id).pcap")), bytes, "clean never touches incoming/")
        }
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.logs), [], "every old folder removed, none of the new written")
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.outbox), [undelivered], "the undelivered archive kept")
        try setting.assertNextRunDeliversEachSliceOnce(ids, layout: layout, config: config, reference: reference,
                                                       waiting: [undelivered])
    }
}

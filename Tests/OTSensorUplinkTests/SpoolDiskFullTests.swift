import Foundation
import OTSensorCore
import XCTest

/// `otsensor run` on a spool whose file system fills up (a real tmpfs), while it writes
/// a slice's logs and while it compresses a slice's archive: exit 3 with the path and
/// the reason, no half-written archive or log folder, every capture still in incoming/,
/// and once space is freed the next run and send deliver each slice exactly once, with
/// the logs an undisturbed spool gets.
final class SpoolDiskFullTests: XCTestCase {
    private let slices = 3, connections = 1_000

    func testDiskFullWhileRunWritesLogs() throws {
        let setting = try SpoolSetting(for: self)
        let reference = try setting.referenceSpool(slices: slices, connections: connections)
        let disk = try SmallFileSystem(bytes: 16 << 20, at: setting.scratch.appendingPathComponent("small"), for: self)
        let (layout, config) = try setting.spool(at: disk.mountPoint.appendingPathComponent("spool"))
        let ids = try StreamCaptures.write(slices: slices, connections: connections, into: layout.incoming)
        let captures = try ids.map { try Data(contentsOf: layout.incoming.appendingPathComponent("\($0).pcap")) }
        try disk.fill(leaving: 64 << 10)

        let failed = try Executables.run("otsensor", ["run", "--config", config.path])
        XCTAssertEqual(failed.status, 3, failed.errorText)
        XCTAssertTrue(failed.errorText.contains("No space left on device"), failed.errorText)
        XCTAssertTrue(failed.errorText.contains(layout.logs.path), "the message names the folder it could not write: \(failed.errorText)")
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.logs), [], "no half-written log folder")
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.outbox), [])
        for (id, bytes) in zip(ids, captures) {
            XCTAssertEqual(try? Data(contentsOf: layout.incoming.appendingPathComponent("\(id).pcap")), bytes, "\(id) kept for the next run")
        }

        try disk.freeEverything()
        try setting.assertNextRunDeliversEachSliceOnce(ids, layout: layout, config: config, reference: reference)
    }

    func testDiskFullWhileRunCompresses() throws {
        let setting = try SpoolSetting(for: self)
        let reference = try setting.referenceSpool(slices: slices, connections: connections)
        let disk = try SmallFileSystem(bytes: 16 << 20, at: setting.scratch.appendingPathComponent("small"), for: self)
        let (layout, config) = try setting.spool(at: disk.mountPoint.appendingPathComponent("spool"))
        let ids = try StreamCaptures.write(slices: slices, connections: connections, into: layout.incoming)
        // Room for the first slice's logs and carried state as the undisturbed run wrote them,
        // and for half of its archive.
        let first = reference.slices[0]
        XCTAssertGreaterThan(first.archive, 4 * 4096, "the archive must be larger than the room left for it")
        try disk.fill(leaving: first.logs + first.state + SmallFileSystem.pages(first.archive / 2))

        let failed = try Executables.run("otsensor", ["run", "--config", config.path])
        XCTAssertEqual(failed.status, 3, failed.errorText)
        XCTAssertTrue(failed.errorText.contains("cannot write \(layout.outbox.path)/.\(ids[0]).tar.zst.tmp-"),
                      "the message names the archive it could not write: \(failed.errorText)")
        XCTAssertTrue(failed.errorText.contains(": No space left on device"), failed.errorText)
        XCTAssertTrue(FileManager.default.fileExists(atPath: layout.logDirectory(for: ids[0]).appendingPathComponent("manifest.json").path),
                      "the slice's logs were written: the space ran out while compressing")
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.outbox), [], "no half-written archive, not even under a temporary name")
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.incoming), ids.map { "\($0).pcap" }, "every capture kept")

        try disk.freeEverything()
        try setting.assertNextRunDeliversEachSliceOnce(ids, layout: layout, config: config, reference: reference)
    }

    /// A spool on a 16 MiB file system that has run the first slice, with the other
    /// captures waiting in `incoming/`; and the undisturbed reference spool.
    private func firstSliceRun(_ setting: SpoolSetting) throws
        -> (ReferenceSpool, SmallFileSystem, SpoolLayout, URL, [String]) {
        let reference = try setting.referenceSpool(slices: slices, connections: connections)
        let disk = try SmallFileSystem(bytes: 16 << 20, at: setting.scratch.appendingPathComponent("small"), for: self)
        let (layout, config) = try setting.spool(at: disk.mountPoint.appendingPathComponent("spool"))
        let ids = try StreamCaptures.write(slices: slices, connections: connections, into: setting.scratch)
        try FileManager.default.moveItem(at: setting.scratch.appendingPathComponent("\(ids[0]).pcap"),
                                         to: layout.incoming.appendingPathComponent("\(ids[0]).pcap"))
        let first = try Executables.run("otsensor", ["run", "--config", config.path])
        XCTAssertEqual(first.status, 0, first.errorText)
        for id in ids.dropFirst() {
            try FileManager.default.moveItem(at: setting.scratch.appendingPathComponent("\(id).pcap"),
                                             to: layout.incoming.appendingPathComponent("\(id).pcap"))
        }
        return (reference, disk, layout, config, ids)
    }

    /// Space runs out at the slice's last write, its manifest, when its carried state is already
    /// written: the slice is redone from the state it started with, not from its own.
    func testDiskFullAsTheManifestIsWritten() throws {
        let setting = try SpoolSetting(for: self)
        let (reference, disk, layout, config, ids) = try firstSliceRun(setting)
        // Room for the second slice's logs but its manifest, and for its new state beside the old.
        let second = reference.slices[1]
        try disk.fill(leaving: second.logs - second.manifest + second.state)

        let failed = try Executables.run("otsensor", ["run", "--config", config.path])
        XCTAssertEqual(failed.status, 3, failed.errorText)
        XCTAssertTrue(failed.errorText.contains("manifest.json"), "the space ran out at the manifest: \(failed.errorText)")
        XCTAssertTrue(failed.errorText.contains("No space left on device"), failed.errorText)
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.logs), [ids[0]], "no half-written log folder")
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.incoming), ids.dropFirst().map { "\($0).pcap" })

        try disk.freeEverything()
        try setting.assertNextRunDeliversEachSliceOnce(Array(ids.dropFirst()), layout: layout, config: config,
                                                       reference: reference, waiting: ["\(ids[0]).tar.zst"])
    }

    /// After the disk filled while the second slice was compressed, clean runs (the daily timer,
    /// or an operator making room): the logs not yet packaged stay, whatever their age, since
    /// the carried state has already moved past their slice.
    func testCleanAfterAFullDiskKeepsLogsNotYetPackaged() throws {
        let setting = try SpoolSetting(for: self)
        let (reference, disk, layout, config, ids) = try firstSliceRun(setting)
        let second = reference.slices[1]
        try disk.fill(leaving: second.logs + second.state + SmallFileSystem.pages(second.archive / 2))
        let failed = try Executables.run("otsensor", ["run", "--config", config.path])
        XCTAssertEqual(failed.status, 3, failed.errorText)
        XCTAssertTrue(failed.errorText.contains("cannot write \(layout.outbox.path)/.\(ids[1]).tar.zst.tmp-"), failed.errorText)

        sleep(1)
        let clean = try Executables.run("otsensor", ["clean", "--config", config.path, "--keep-days", "0.00001"])
        XCTAssertEqual(clean.status, 0, clean.errorText)
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.logs), [ids[1]], "the packaged slice's logs went by age, not the other's")

        try disk.freeEverything()
        try setting.assertNextRunDeliversEachSliceOnce(Array(ids.dropFirst()), layout: layout, config: config,
                                                       reference: reference, waiting: ["\(ids[0]).tar.zst"])
    }

    /// The server took the archive, but the spool is full when send records the delivery in
    /// sent.log, whose next line would start a new page: exit 3 naming sent.log, the record left
    /// as it was (no torn line for the next one to be glued to), the archive kept; once space is
    /// freed it goes again (a receiver tells the copy by X-Content-SHA256) and is recorded whole.
    func testSendOnAFullDiskKeepsTheSentRecordWhole() throws {
        let setting = try SpoolSetting(for: self)
        let disk = try SmallFileSystem(bytes: 4 << 20, at: setting.scratch.appendingPathComponent("small"), for: self)
        let (layout, config) = try setting.spool(at: disk.mountPoint.appendingPathComponent("spool"))
        let archive = "20261123T104100Z-plant-a-sensor-1.tar.zst"
        let bytes = try UploadFixture.putArchive(archive, in: layout, bytes: 50_000)
        // Deliveries recorded earlier, filling sent.log to 4 bytes short of a page.
        let line = "20250101T000000Z-plant-a-sensor-1.tar.zst\t2025-01-01T00:01:00Z\t\(String(repeating: "0", count: 64))\n"
        var earlier = String(repeating: line, count: 4092 / line.utf8.count)
        earlier += String(repeating: "#", count: 4091 - earlier.utf8.count) + "\n"
        try Data(earlier.utf8).write(to: layout.sentRecord)
        try disk.fill(leaving: 0)

        let failed = try Executables.run("otsensor", ["send", "--config", config.path])
        XCTAssertEqual(failed.status, 3, failed.errorText)
        XCTAssertTrue(failed.errorText.contains("cannot write \(layout.sentRecord.path): No space left on device"), failed.errorText)
        XCTAssertEqual(try String(contentsOf: layout.sentRecord, encoding: .utf8), earlier, "sent.log as it was")
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.outbox), [archive], "kept: its delivery is not recorded")

        try disk.freeEverything()
        let retried = try Executables.run("otsensor", ["send", "--config", config.path])
        XCTAssertEqual(retried.status, 0, retried.errorText)
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.outbox), [])
        XCTAssertEqual(try setting.nginx.storedBodies().count, 2, "delivered again after the failure")
        for index in 0..<2 {
            XCTAssertEqual(try UploadFixture.uploadedArchive(setting.nginx, index: index, fileName: archive), bytes)
        }
        let record = try String(contentsOf: layout.sentRecord, encoding: .utf8)
        XCTAssertTrue(record.hasPrefix(earlier), record)
        let added = record.dropFirst(earlier.count).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(added.count, 2, "one whole line and the end: \(added)")
        XCTAssertEqual(added.first?.split(separator: "\t").first.map(String.init), archive)
        XCTAssertEqual(added.first?.split(separator: "\t").last.map(String.init), UploadFixture.sha256(bytes))
    }
}

/// Every entry of a folder, dot-files included: a temporary name left behind is a finding.
enum SpoolFixtureNames {
    static func all(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }
}

/// An nginx to deliver to, a scratch folder, and spools configured for both.
struct SpoolSetting {
    let scratch: URL
    let nginx: NginxFixture

    init(for test: XCTestCase) throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let scratch = scratch
        test.addTeardownBlock { try? FileManager.default.removeItem(at: scratch) }
        nginx = try NginxFixture()
        try nginx.start()
    }

    /// A spool at `root` and its configuration file (beside the spool, outside a small file system).
    func spool(at root: URL, name: String = "otsensor.toml") throws -> (SpoolLayout, URL) {
        let layout = SpoolLayout(root: root.path)
        try layout.create()
        let config = scratch.appendingPathComponent("\(root.lastPathComponent)-\(name)")
        try Data("""
            label = "plant-a-sensor-1"
            spool = "\(layout.root.path)"
            [run]
            threads = 2
            [upload]
            url = "\(nginx.url)"
            ca = "\(nginx.path("ca.pem"))"
            cert = "\(nginx.path("client.pem"))"
            key = "\(nginx.path("client.key"))"
            timeout = 30

            """.utf8).write(to: config)
        return (layout, config)
    }

    /// What an undisturbed spool makes of the same captures, run as cron runs it: one
    /// slice a minute, each run after the capture is complete.
    func referenceSpool(slices: Int, connections: Int) throws -> ReferenceSpool {
        let (layout, config) = try spool(at: scratch.appendingPathComponent("reference"))
        let captures = scratch.appendingPathComponent("reference-captures")
        try FileManager.default.createDirectory(at: captures, withIntermediateDirectories: true)
        var footprints: [ReferenceSpool.Footprint] = []
        for id in try StreamCaptures.write(slices: slices, connections: connections, into: captures) {
            try FileManager.default.moveItem(at: captures.appendingPathComponent("\(id).pcap"),
                                             to: layout.incoming.appendingPathComponent("\(id).pcap"))
            let run = try Executables.run("otsensor", ["run", "--config", config.path])
            XCTAssertEqual(run.status, 0, run.errorText)
            let logs = layout.logDirectory(for: id)
            let manifest = (try? FileManager.default.attributesOfItem(atPath: logs.appendingPathComponent("manifest.json").path))?[.size] as? Int
            let archive = (try? FileManager.default.attributesOfItem(atPath: layout.archive(for: id).path))?[.size] as? Int
            footprints.append(ReferenceSpool.Footprint(logs: SmallFileSystem.footprint(of: logs),
                                                       manifest: SmallFileSystem.pages(manifest ?? 0),
                                                       state: SmallFileSystem.footprint(of: layout.carriedState),
                                                       archive: archive ?? 0))
        }
        return ReferenceSpool(layout: layout, slices: footprints)
    }

    /// `run` processes and packages every capture left, `send` uploads each archive once,
    /// in slice order (after the archives already `waiting` in the outbox, older), and every
    /// archive holds the logs the undisturbed spool wrote.
    func assertNextRunDeliversEachSliceOnce(_ ids: [String], layout: SpoolLayout, config: URL, reference: ReferenceSpool,
                                            waiting: [String] = [],
                                            file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try Executables.run("otsensor", ["run", "--config", config.path])
        XCTAssertEqual(run.status, 0, run.errorText, file: file, line: line)
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.incoming), [], file: file, line: line)
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.outbox), waiting + ids.map { "\($0).tar.zst" }, file: file, line: line)
        let send = try Executables.run("otsensor", ["send", "--config", config.path])
        XCTAssertEqual(send.status, 0, send.errorText, file: file, line: line)
        XCTAssertEqual(SpoolFixtureNames.all(in: layout.outbox), [], file: file, line: line)
        XCTAssertEqual(try nginx.storedBodies().count, waiting.count + ids.count, "each archive uploaded once", file: file, line: line)
        for (index, name) in waiting.enumerated() {
            _ = try UploadFixture.uploadedArchive(nginx, index: index, fileName: name, file: file, line: line)
        }
        for (index, id) in ids.enumerated() {
            let archive = scratch.appendingPathComponent("uploaded-\(id).tar.zst")
            try UploadFixture.uploadedArchive(nginx, index: waiting.count + index, fileName: "\(id).tar.zst",
                                              file: file, line: line).write(to: archive)
            let unpacked = scratch.appendingPathComponent("unpacked-\(id)")
            try Executables.unpack(archive, into: unpacked)
            try reference.assertSameLogs(unpacked, as: id, file: file, line: line)
        }
    }
}

/// The undisturbed spool's logs, and what its first slice took on disk.
struct ReferenceSpool {
    let layout: SpoolLayout
    /// What one slice took on a tmpfs, in pages, and its archive's size.
    struct Footprint {
        /// Its log folder, manifest included.
        let logs: Int
        let manifest: Int
        /// The carried state after it.
        let state: Int
        let archive: Int
    }

    let slices: [Footprint]

    /// `folder` holds the same logs as the reference's slice `id`; the manifests differ only
    /// in the run's timing, the spool's paths and the input's path.
    func assertSameLogs(_ folder: URL, as id: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = layout.logDirectory(for: id)
        let names = SpoolFixtureNames.all(in: folder)
        XCTAssertEqual(names, SpoolFixtureNames.all(in: expected), id, file: file, line: line)
        for name in names where name != "manifest.json" {
            XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent(name)),
                           try Data(contentsOf: expected.appendingPathComponent(name)), "\(id)/\(name)", file: file, line: line)
        }
        XCTAssertEqual(try ComparableManifest.read(folder.appendingPathComponent("manifest.json")),
                       try ComparableManifest.read(expected.appendingPathComponent("manifest.json")), "\(id)/manifest.json",
                       file: file, line: line)
    }

}

import Foundation
import OTSensorCore
import XCTest

final class SpoolCleanerTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A file of `bytes` bytes in `folder`, last modified `daysAgo` days before `now`.
    @discardableResult
    private func file(_ folder: URL, _ name: String, bytes: Int, daysAgo: Double) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(count: bytes).write(to: url)
        try SpoolFixture.setModified(url, daysAgo: daysAgo, now: now)
        return url
    }

    private func cleaner(_ layout: SpoolLayout, keepDays: Double = 365, maxBytes: Double) -> SpoolCleaner {
        SpoolCleaner(layout: layout, policy: RetentionPolicy(keepDays: keepDays, maxGigabytes: maxBytes / 1e9), logger: SpoolFixture.logger)
    }

    private func removed(_ plan: [Removal]) -> [String] { plan.map { "\($0.item.url.lastPathComponent) \($0.reason.rawValue)" } }

    func testEverythingPastTheAgeLimitGoesExceptUndeliveredArchivesAndPendingCaptures() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        let logs = layout.logDirectory(for: "old")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        try file(logs, "conn.log", bytes: 10, daysAgo: 400)
        try SpoolFixture.setModified(logs, daysAgo: 400, now: now)
        try file(layout.captures, "old.pcap", bytes: 10, daysAgo: 31)
        try file(layout.sent, "old.tar.zst", bytes: 10, daysAgo: 31)
        try file(layout.outbox, "old-undelivered.tar.zst", bytes: 10, daysAgo: 400)
        try file(layout.incoming, "old-pending.pcap", bytes: 10, daysAgo: 400)
        try file(layout.captures, "new.pcap", bytes: 10, daysAgo: 1)

        let plan = try cleaner(layout, keepDays: 30, maxBytes: 1e12).plan(now: now)

        XCTAssertEqual(removed(plan).sorted(), ["old age", "old.pcap age", "old.tar.zst age"])
        try cleaner(layout, keepDays: 30, maxBytes: 1e12).apply(plan, now: now)
        XCTAssertEqual(SpoolFixture.names(in: layout.logs), [])
        XCTAssertEqual(SpoolFixture.names(in: layout.captures), ["new.pcap"])
        XCTAssertEqual(SpoolFixture.names(in: layout.outbox), ["old-undelivered.tar.zst"])
    }

    func testOverCapacityTheOldestGoFirstAndUndeliveredArchivesOnlyWhenNothingElseIsLeft() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        try file(layout.outbox, "a-undelivered.tar.zst", bytes: 100, daysAgo: 9)
        try file(layout.outbox, "b-undelivered.tar.zst", bytes: 100, daysAgo: 8)
        try file(layout.captures, "c.pcap", bytes: 100, daysAgo: 3)
        try file(layout.sent, "d.tar.zst", bytes: 100, daysAgo: 2)
        try file(layout.incoming, "e.pcap", bytes: 100, daysAgo: 1)

        XCTAssertEqual(removed(try cleaner(layout, maxBytes: 350).plan(now: now)), ["c.pcap capacity", "d.tar.zst capacity"])
        XCTAssertEqual(removed(try cleaner(layout, maxBytes: 250).plan(now: now)),
                       ["c.pcap capacity", "d.tar.zst capacity", "a-undelivered.tar.zst capacity"])
        XCTAssertEqual(removed(try cleaner(layout, maxBytes: 500).plan(now: now)), [], "at the limit nothing goes")
    }

    func testTheSentRecordForgetsDeliveriesPastTheAgeLimit() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        let record = SentRecord(file: layout.sentRecord)
        try record.append(archive: "old.tar.zst", sha256: "aa", at: now.addingTimeInterval(-40 * 86_400))
        try record.append(archive: "new.tar.zst", sha256: "bb", at: now.addingTimeInterval(-1 * 86_400))

        try cleaner(layout, keepDays: 30, maxBytes: 1e12).apply([], now: now)

        XCTAssertFalse(record.contains(archive: "old.tar.zst"))
        XCTAssertTrue(record.contains(archive: "new.tar.zst"))
    }
}

import Foundation
import OTSensorCore
import OTSensorUplink
import XCTest

/// Receivers fail: they answer 500, they stop answering, they drop the
/// connection mid-body. In every case the archive stays in the outbox, the
/// failure is recorded for the backoff, and the next run against a working
/// server delivers it once.
final class ServerFailureTests: XCTestCase {
    /// `expected`: words of which the failure's reason must name one (any reason when empty).
    private func assertKeptThenDelivered(after failure: MisbehavingServer.Failure, timeout: TimeInterval = 20,
                                         reason expected: [String], file: StaticString = #filePath, line: UInt = #line) async throws {
        let nginx = try NginxFixture()
        let server = try MisbehavingServer(failure, certificates: nginx)
        let layout = try UploadFixture.makeSpool(for: self)
        let data = try UploadFixture.putArchive("a.tar.zst", in: layout)
        try UploadFixture.putArchive("b.tar.zst", in: layout)
        var settings = UploadFixture.settings(nginx, timeout: timeout)
        settings.url = server.url

        let started = Date()
        let failed = try await ArchiveSender(layout: layout, settings: settings, logger: UploadFixture.logger).run()

        XCTAssertLessThan(Date().timeIntervalSince(started), timeout + 15, "the upload gave up in time", file: file, line: line)
        XCTAssertEqual(failed.delivered, [], file: file, line: line)
        XCTAssertEqual(failed.failure?.archive, "a.tar.zst", file: file, line: line)
        let reason = failed.failure?.reason ?? "no failure"
        XCTAssertFalse(reason.isEmpty, file: file, line: line)
        if !expected.isEmpty {
            XCTAssertTrue(expected.contains { reason.localizedCaseInsensitiveContains($0) }, "reason: \(reason)",
                          file: file, line: line)
        }
        XCTAssertEqual(try Data(contentsOf: layout.outbox.appendingPathComponent("a.tar.zst")), data, file: file, line: line)
        XCTAssertTrue(FileManager.default.fileExists(atPath: layout.outbox.appendingPathComponent("b.tar.zst").path),
                      "later archives wait", file: file, line: line)
        XCTAssertEqual(server.requests, 1, "the first failure stops the run", file: file, line: line)
        XCTAssertEqual(UploadState.load(from: layout.stateFile).consecutiveFailures, 1, file: file, line: line)
        XCTAssertFalse(SentRecord(file: layout.sentRecord).contains(archive: "a.tar.zst"), file: file, line: line)

        try nginx.start()
        let retried = try await ArchiveSender(layout: layout, settings: UploadFixture.settings(nginx), logger: UploadFixture.logger)
            .run(ignoreBackoff: true)
        XCTAssertEqual(retried.delivered, ["a.tar.zst", "b.tar.zst"], file: file, line: line)
        XCTAssertEqual(try UploadFixture.uploadedArchive(nginx, fileName: "a.tar.zst"), data, file: file, line: line)
        XCTAssertEqual(UploadState.load(from: layout.stateFile).consecutiveFailures, 0, file: file, line: line)
    }

    func testAServerAnswering500KeepsTheArchive() async throws {
        try await assertKeptThenDelivered(after: .answers500, reason: ["500"])
    }

    func testAServerThatNeverAnswersTimesOutAndKeepsTheArchive() async throws {
        try await assertKeptThenDelivered(after: .neverAnswers, timeout: 2, reason: ["no answer", "upload.timeout"])
    }

    func testAServerDyingMidTransferKeepsTheArchive() async throws {
        try await assertKeptThenDelivered(after: .diesMidTransfer, reason: [])
    }
}

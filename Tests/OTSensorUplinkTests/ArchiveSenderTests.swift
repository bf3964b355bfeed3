import Foundation
import OTSensorCore
import OTSensorUplink
import XCTest

/// Uploads against a real nginx with client-certificate verification.
final class ArchiveSenderTests: XCTestCase {
    func testDeliveredArchivesArriveByteForByteWithTheirHashAndLeaveTheOutbox() async throws {
        let nginx = try NginxFixture()
        try nginx.start()
        let layout = try UploadFixture.makeSpool(for: self)
        let first = try UploadFixture.putArchive("20261123T104100Z-s1.tar.zst", in: layout)
        let second = try UploadFixture.putArchive("20261123T104200Z-s1.tar.zst", in: layout)

        let report = try await ArchiveSender(layout: layout, settings: UploadFixture.settings(nginx), logger: UploadFixture.logger).run()

        XCTAssertEqual(report.delivered, ["20261123T104100Z-s1.tar.zst", "20261123T104200Z-s1.tar.zst"])
        XCTAssertNil(report.failure)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: layout.outbox.path), [])
        XCTAssertEqual(try UploadFixture.uploadedArchive(nginx, index: 0, fileName: "20261123T104100Z-s1.tar.zst"), first)
        XCTAssertEqual(try UploadFixture.uploadedArchive(nginx, index: 1, fileName: "20261123T104200Z-s1.tar.zst"), second)
        let access = nginx.accessLines()
        XCTAssertTrue(access[0].hasPrefix("200 /upload \(UploadFixture.sha256(first)) \"multipart/form-data; boundary="), access[0])
        XCTAssertTrue(access[0].contains("CN=sensor-1"), "nginx saw the client certificate: \(access[0])")
        XCTAssertTrue(SentRecord(file: layout.sentRecord).contains(archive: "20261123T104100Z-s1.tar.zst"))
        XCTAssertEqual(UploadState.load(from: layout.stateFile).lastDeliveredArchive, "20261123T104200Z-s1.tar.zst")
    }

    func testKeepSentMovesDeliveredArchivesToSent() async throws {
        let nginx = try NginxFixture()
        try nginx.start()
        let layout = try UploadFixture.makeSpool(for: self)
        let data = try UploadFixture.putArchive("a.tar.zst", in: layout, bytes: 1000)
        var settings = UploadFixture.settings(nginx)
        settings.keepSent = true
        _ = try await ArchiveSender(layout: layout, settings: settings, logger: UploadFixture.logger).run()
        XCTAssertEqual(try Data(contentsOf: layout.sent.appendingPathComponent("a.tar.zst")), data)
    }

    func testAClientCertificateFromAnotherCAIsRejectedByNginxAndTheArchiveKept() async throws {
        let nginx = try NginxFixture()
        try nginx.start()
        let layout = try UploadFixture.makeSpool(for: self)
        let data = try UploadFixture.putArchive("a.tar.zst", in: layout)
        try UploadFixture.putArchive("b.tar.zst", in: layout)

        let report = try await ArchiveSender(layout: layout, settings: UploadFixture.settings(nginx, client: "rogue-client"),
                                             logger: UploadFixture.logger).run()

        XCTAssertEqual(report.delivered, [])
        XCTAssertEqual(report.failure?.archive, "a.tar.zst")
        XCTAssertTrue(report.failure?.reason.contains("HTTP 400") ?? false, report.failure?.reason ?? "")
        XCTAssertEqual(try Data(contentsOf: layout.outbox.appendingPathComponent("a.tar.zst")), data)
        XCTAssertTrue(FileManager.default.fileExists(atPath: layout.outbox.appendingPathComponent("b.tar.zst").path), "later archives wait")
        XCTAssertEqual(nginx.accessLines().count, 1, "the first failure stops the run")
        XCTAssertEqual(UploadState.load(from: layout.stateFile).consecutiveFailures, 1)
        XCTAssertFalse(SentRecord(file: layout.sentRecord).contains(archive: "a.tar.zst"))
    }

    func testWithoutAClientCertificateNothingIsSentAndTheArchiveKept() async throws {
        let nginx = try NginxFixture()
        try nginx.start()
        let layout = try UploadFixture.makeSpool(for: self)
        try UploadFixture.putArchive("a.tar.zst", in: layout)
        var settings = UploadFixture.settings(nginx)
        settings.certificateFile = nginx.path("missing.pem")

        let report = try await ArchiveSender(layout: layout, settings: settings, logger: UploadFixture.logger).run()

        XCTAssertTrue(report.failure?.reason.contains("client certificate") ?? false, report.failure?.reason ?? "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: layout.outbox.appendingPathComponent("a.tar.zst").path))
        XCTAssertEqual(nginx.accessLines(), [])
    }

    func testAServerNotSignedByTheConfiguredCAIsRefusedAndTheArchiveKept() async throws {
        let nginx = try NginxFixture()
        try nginx.start(serverCertificate: "rogue-server")
        let layout = try UploadFixture.makeSpool(for: self)
        try UploadFixture.putArchive("a.tar.zst", in: layout)

        let report = try await ArchiveSender(layout: layout, settings: UploadFixture.settings(nginx), logger: UploadFixture.logger).run()

        XCTAssertEqual(report.delivered, [])
        // In words, naming the CA file, not BoringSSL's CERTIFICATE_VERIFY_FAILED and its source line.
        XCTAssertEqual(report.failure?.reason, "the server's certificate is not signed by \(nginx.path("ca.pem")) (upload.ca): "
                       + "127.0.0.1 is not the server this sensor trusts, or upload.ca names the wrong CA")
        XCTAssertTrue(FileManager.default.fileExists(atPath: layout.outbox.appendingPathComponent("a.tar.zst").path))
        XCTAssertEqual(try nginx.storedBodies().count, 0, "no byte of the archive reached the impostor")
    }

    func testWhileTheServerIsDownArchivesWaitAndGoOnTheNextRunAfterItIsBack() async throws {
        let nginx = try NginxFixture()
        let layout = try UploadFixture.makeSpool(for: self)
        let data = try UploadFixture.putArchive("a.tar.zst", in: layout)
        let sender = ArchiveSender(layout: layout, settings: UploadFixture.settings(nginx, timeout: 5), logger: UploadFixture.logger)

        let down = try await sender.run()
        XCTAssertEqual(down.failure?.archive, "a.tar.zst")
        // In words, naming host, port and setting, not NIO's "connection reset (error set): ... (errno: 111)".
        XCTAssertEqual(down.failure?.reason, "cannot connect to 127.0.0.1:\(nginx.port) (upload.url): the connection was "
                       + "refused; is the server running and listening on port \(nginx.port)?")
        XCTAssertEqual(UploadState.load(from: layout.stateFile).consecutiveFailures, 1)
        XCTAssertNotNil(UploadState.load(from: layout.stateFile).lastError)

        try nginx.start()
        let up = try await sender.run()
        XCTAssertEqual(up.delivered, ["a.tar.zst"])
        XCTAssertEqual(try UploadFixture.uploadedArchive(nginx, fileName: "a.tar.zst"), data)
        XCTAssertEqual(UploadState.load(from: layout.stateFile).consecutiveFailures, 0)
    }

    func testABackoffDefersTheNextAttempt() async throws {
        let nginx = try NginxFixture()
        let layout = try UploadFixture.makeSpool(for: self)
        try UploadFixture.putArchive("a.tar.zst", in: layout)
        var state = UploadState()
        state.recordFailure("refused", at: Date())
        state.recordFailure("refused", at: Date())
        try state.save(to: layout.stateFile)
        try nginx.start()
        let sender = ArchiveSender(layout: layout, settings: UploadFixture.settings(nginx), logger: UploadFixture.logger)

        let deferred = try await sender.run()
        XCTAssertNotNil(deferred.deferredUntil)
        XCTAssertEqual(nginx.accessLines(), [])
        let forced = try await sender.run(ignoreBackoff: true)
        XCTAssertEqual(forced.delivered, ["a.tar.zst"])
    }
}

import Crypto
import Foundation
import Logging
import OTSensorCore

/// What one `send` did.
public struct SendReport: Sendable, Equatable {
    public struct Failure: Sendable, Equatable {
        public var archive: String
        public var reason: String
    }

    public var delivered: [String] = []
    /// The archive that failed and why; later archives were not tried.
    public var failure: Failure?
    /// Set when the backoff from earlier failures had not run out.
    public var deferredUntil: Date?
}

/// `otsensor send`: uploads the outbox oldest first. A 2xx removes the archive (or
/// moves it to sent/) after the sent-record has it; anything else keeps it, records a
/// backoff in state.json and stops, as the existing sensor does, so archives leave in
/// order and a dead endpoint costs one timeout per attempt.
public struct ArchiveSender {
    public let layout: SpoolLayout
    public let settings: UploadSettings
    public let logger: Logger

    public init(layout: SpoolLayout, settings: UploadSettings, logger: Logger) {
        self.layout = layout
        self.settings = settings
        self.logger = logger
    }

    public static func pendingArchives(in layout: SpoolLayout) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: layout.outbox.path)
            .filter { !$0.hasPrefix(".") && $0.hasSuffix(".tar.zst") }
            .sorted()
            .map { layout.outbox.appendingPathComponent($0) }
    }

    public func run(now: @Sendable () -> Date = Date.init, ignoreBackoff: Bool = false) async throws -> SendReport {
        try layout.create()
        var state = UploadState.load(from: layout.stateFile)
        var report = SendReport()
        let archives = try Self.pendingArchives(in: layout)
        guard !archives.isEmpty else { return report }
        if !ignoreBackoff, !state.isDue(at: now()), let next = state.nextAttempt {
            logger.info("send: \(archives.count) archive(s) waiting; backing off after \(state.consecutiveFailures) failures until \(next)")
            report.deferredUntil = next
            return report
        }
        let uploader: ArchiveUploader
        do {
            uploader = try ArchiveUploader(settings: settings)
        } catch {
            let reason = "cannot load the client certificate \(settings.certificateFile) (upload.cert) or its key "
                + "\(settings.keyFile) (upload.key): both must be PEM files and the key must match the certificate"
            try fail(archives[0], reason: reason, state: &state, report: &report, now: now())
            return report
        }
        do {
            try await deliver(archives, with: uploader, state: &state, report: &report, now: now)
        } catch {
            await uploader.shutdown()
            throw error
        }
        await uploader.shutdown()
        return report
    }

    /// Oldest first; stops at the first archive that is not delivered.
    private func deliver(_ archives: [URL], with uploader: ArchiveUploader, state: inout UploadState,
                         report: inout SendReport, now: @Sendable () -> Date) async throws {
        for archive in archives {
            let name = archive.lastPathComponent
            guard let data = try? Data(contentsOf: archive) else { continue }  // removed by clean meanwhile
            let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            switch await uploader.upload(archive: data, fileName: name, sha256: sha) {
            case .delivered(let status):
                try SentRecord(file: layout.sentRecord).append(archive: name, sha256: sha, at: now())
                try retire(archive)
                state.recordDelivery(of: name, at: now())
                try state.save(to: layout.stateFile)
                report.delivered.append(name)
                logger.info("send: delivered \(name) (\(data.count) bytes, HTTP \(status))")
            case .rejected(let status, let body):
                try fail(archive, reason: "server answered HTTP \(status): \(body)", state: &state, report: &report, now: now())
            case .failed(let reason):
                try fail(archive, reason: reason, state: &state, report: &report, now: now())
            }
            if report.failure != nil { break }
        }
    }

    private func fail(_ archive: URL, reason: String, state: inout UploadState, report: inout SendReport, now: Date) throws {
        state.recordFailure(reason, at: now)
        try state.save(to: layout.stateFile)
        report.failure = .init(archive: archive.lastPathComponent, reason: reason)
        logger.error("send: \(archive.lastPathComponent) not delivered, kept in outbox (failure \(state.consecutiveFailures) in a row): \(reason)")
    }

    private func retire(_ archive: URL) throws {
        if settings.keepSent {
            try AtomicRename.move(archive, to: layout.sent.appendingPathComponent(archive.lastPathComponent))
        } else {
            try FileManager.default.removeItem(at: archive)
        }
    }
}

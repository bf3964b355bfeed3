import Foundation

/// What `send` remembers between runs (spool/state.json): how many uploads failed in a
/// row, when the next attempt is due, why the last one failed, and the last delivery.
/// `support` reports it as it is.
public struct UploadState: Codable, Sendable, Equatable {
    public var consecutiveFailures = 0
    public var nextAttempt: Date?
    public var lastError: String?
    public var lastDelivery: Date?
    public var lastDeliveredArchive: String?

    public init() {}

    /// The wait after `failures` failures in a row: none after the first (cron's next
    /// minute retries), then doubling from one minute up to thirty, so a dead endpoint
    /// is not hammered every minute for days.
    public static func backoff(afterFailures failures: Int) -> TimeInterval {
        guard failures > 1 else { return 0 }
        return min(60 * pow(2, Double(min(failures - 2, 10))), 1800)
    }

    public func isDue(at now: Date) -> Bool { nextAttempt.map { now >= $0 } ?? true }

    public mutating func recordFailure(_ reason: String, at now: Date) {
        consecutiveFailures += 1
        lastError = reason
        nextAttempt = now.addingTimeInterval(Self.backoff(afterFailures: consecutiveFailures))
    }

    public mutating func recordDelivery(of archive: String, at now: Date) {
        consecutiveFailures = 0
        nextAttempt = nil
        lastError = nil
        lastDelivery = now
        lastDeliveredArchive = archive
    }

    /// A missing or unreadable file is a fresh state: losing backoff only means one
    /// early retry.
    public static func load(from file: URL) -> UploadState {
        guard let data = try? Data(contentsOf: file) else { return UploadState() }
        return (try? Self.decoder.decode(UploadState.self, from: data)) ?? UploadState()
    }

    public func save(to file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try AtomicRename.write(try encoder.encode(self), to: file, mode: FileModes.owner)
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

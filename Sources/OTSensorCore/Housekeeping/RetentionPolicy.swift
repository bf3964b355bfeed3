import Foundation

/// How long and how much the spool keeps: the existing sensor's 365 days and 150 GB.
public struct RetentionPolicy: Sendable, Equatable {
    public var keepDays: Double
    public var maxBytes: Int64

    public init(keepDays: Double = 365, maxGigabytes: Double = 150) {
        self.keepDays = keepDays
        self.maxBytes = Int64(maxGigabytes * 1_000_000_000)
    }
}

/// One thing in the spool that `clean` may remove, as a whole.
public struct SpoolItem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case logs, capture, delivered, quarantined
        /// An archive still in outbox/: removed only when capacity forces it.
        case undelivered
        /// A capture waiting in incoming/: counted, never removed.
        case pending
    }

    public var url: URL
    public var kind: Kind
    public var bytes: Int64
    public var modified: Date
}

/// A removal `clean` decided on, and why.
public struct Removal: Sendable, Equatable {
    public enum Reason: String, Sendable { case age, capacity }
    public var item: SpoolItem
    public var reason: Reason
}

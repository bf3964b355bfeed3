/// How one slice of a reprocessing job ended.
public enum SliceOutcome: Sendable, Equatable {
    /// Processed now.
    case processed
    /// Its output was already current (same input, options and version): skipped.
    case alreadyDone
    /// Not processed: no output. The reason names the slice's fault.
    case failed(String)
    /// The capture is truncated or corrupt mid-file: logs were written for every
    /// packet before the damage (now, or by the run that made the current output).
    case damaged(String)

    /// Failed and damaged slices break their stream: the state starts afresh after them.
    public var isBad: Bool {
        switch self {
        case .failed, .damaged: true
        case .processed, .alreadyDone: false
        }
    }
}

/// What a reprocessing job did, for its last words and its exit status.
public struct ReprocessSummary: Sendable, Equatable {
    public struct Problem: Sendable, Equatable {
        public var slice: String
        public var reason: String
    }

    public var streams = 0
    public var processed = 0
    public var alreadyDone = 0
    /// Slices failed or damaged, in the order met, with their reasons.
    public var problems: [Problem] = []
    /// Slices processed (outputs not kept) only to build a shard's or a resumed stream's first state.
    public var warmUps = 0
    /// Bytes on disk of the slices processed now.
    public var bytesProcessed = 0

    public var total: Int { processed + alreadyDone + problems.count }

    public init() {}

    public mutating func count(_ slice: ArchivedSlice, _ outcome: SliceOutcome) {
        switch outcome {
        case .processed:
            processed += 1
            bytesProcessed += slice.size
        case .alreadyDone:
            alreadyDone += 1
        case .failed(let reason):
            problems.append(Problem(slice: slice.relativePath, reason: reason))
        case .damaged(let reason):
            problems.append(Problem(slice: slice.relativePath, reason: "damaged, logs written up to the damage: \(reason)"))
        }
    }
}

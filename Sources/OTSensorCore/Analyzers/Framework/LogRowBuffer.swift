/// One shard's rows of one log, encoded, each with the time it is ordered by
/// (its `ts`). Rows may be added in any order: the writer sorts them by time,
/// keeping the order of addition for equal times, then merges the shards.
///
/// Rows are encoded back to back in the encoder's buffer; every 64 KiB, and
/// whenever the writer takes the new rows, that buffer itself goes to a
/// `RowStore` and encoding goes on in a fresh one. Stored bytes never move,
/// so a log of millions of rows is never copied to grow, and the writer reads
/// each row where it was encoded.
public struct LogRowBuffer: Sendable {
    /// Encoded rows wait in the encoder until they fill this many bytes.
    static let batchBytes = 1 << 16

    public private(set) var encoder: RowEncoder
    /// Each row's time in nanoseconds: the form the writer orders by, so a
    /// chunk's times are handed over as they are.
    private(set) var times: [Int64] = []
    /// Where each row still in the encoder ends.
    private var pendingEnds: [Int] = []
    private var store = RowStore()
    /// How many rows `takeNewRows()` has handed out.
    private var handedOut = 0

    /// Room beyond a full batch for the row that crosses it.
    static let rowAllowance = 1 << 12

    public init(schema: LogSchema, format: LogFormat) {
        encoder = RowEncoder(schema: schema, format: format, initialCapacity: Self.batchBytes + Self.rowAllowance)
    }

    /// Encodes one row ordered by `time`: `body` makes the field calls between
    /// `beginRow()` and `endRow()`. If `body` throws, the row is not added.
    public mutating func row<Failure: Error>(at time: Timestamp, _ body: (inout RowEncoder) throws(Failure) -> Void)
        throws(Failure) {
        encoder.beginRow()
        try finishRow(at: time, body)
    }

    /// Encodes one row that starts with `time` and the columns `first`
    /// encoded once; `body` writes the rest. If `body` throws, the row is not added.
    public mutating func row<Failure: Error>(at time: Timestamp, startingWith first: EncodedFields,
                                             _ body: (inout RowEncoder) throws(Failure) -> Void) throws(Failure) {
        encoder.beginRow(time: time, then: first)
        try finishRow(at: time, body)
    }

    @inline(__always)
    private mutating func finishRow<Failure: Error>(at time: Timestamp,
                                                    _ body: (inout RowEncoder) throws(Failure) -> Void) throws(Failure) {
        do {
            try body(&encoder)
        } catch {
            encoder.abandonRow()
            throw error
        }
        encoder.endRow()
        recordRow(at: time)
    }

    /// Adds a row of `time` and columns encoded once (see `RowEncoder.row(time:then:)`).
    public mutating func row(at time: Timestamp, then rest: EncodedFields) {
        encoder.row(time: time, then: rest)
        recordRow(at: time)
    }

    /// Notes the row the encoder just ended.
    @inline(__always)
    private mutating func recordRow(at time: Timestamp) {
        times.append(time.nanoseconds)
        pendingEnds.append(encoder.bytes.count)
        if encoder.bytes.count >= Self.batchBytes { storePendingRows() }
    }

    public var count: Int { times.count }

    /// Moves the rows still in the encoder into the store; `sorted()` reads
    /// only the store, so the emitting analyzer set calls this last.
    ///
    /// The store keeps the encoder's buffer itself, and the encoder goes on in
    /// a new one sized for about one and a half times as many rows: what a
    /// shard encodes between two chunks is a fraction of a batch, and copying
    /// it into the store was a second copy of every row of a polling slice.
    mutating func storePendingRows() {
        guard !pendingEnds.isEmpty else { return }
        if !isKnownUniquelyReferenced(&store) { store = RowStore(copying: store.rows) }
        let used = encoder.bytes.count
        let next = min(Self.batchBytes + Self.rowAllowance, max(Self.rowAllowance, used + used / 2))
        store.adopt(encoder.takeRows(continuingWithCapacity: next), ends: pendingEnds)
        pendingEnds.removeAll(keepingCapacity: true)
    }

    /// The rows added since the last call, in order of addition, for the log
    /// writer to write while this buffer keeps growing.
    ///
    /// `.kept`: the buffer keeps them (the store's blocks never move, so the
    /// bytes stay where the run points while this buffer lives) and `sorted()`
    /// still returns them. `.released`: they leave the buffer with the run,
    /// which owns their store from then on.
    mutating func takeNewRows(_ retention: RowRetention) -> RowRun {
        storePendingRows()
        guard handedOut < times.count else { return RowRun() }
        switch retention {
        case .kept:
            defer { handedOut = times.count }
            return RowRun(times: Array(times[handedOut...]), rows: Array(store.rows[handedOut...]))
        case .released:
            precondition(handedOut == 0, "rows kept by an earlier takeNewRows(.kept)")
            // The times leave with the run as they are; the next chunk's go to an array of the same size.
            let run = RowRun(times: times, rows: store.rows, stores: [store])
            times = []
            times.reserveCapacity(run.times.count)
            store = RowStore()
            return run
        }
    }

    /// The rows in (time, order of addition) order: their times in nanoseconds
    /// and their bytes, LF included, valid while this buffer lives.
    func sorted() -> RowRun {
        precondition(pendingEnds.isEmpty, "sorted() before storePendingRows()")
        return RowRun(times: times, rows: store.rows).sorted()
    }
}

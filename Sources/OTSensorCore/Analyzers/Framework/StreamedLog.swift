import CPrefetch

/// One log as `LogSetWriter` writes it: the rows each shard handed over that
/// are not yet old enough to write, and the file once rows are in it.
final class StreamedLog: @unchecked Sendable {
    let description: LogDescription
    private let format: LogFormat
    private let path: String
    private let retention: RowRetention
    private var file: ZeekLogFile?
    /// Per shard, sorted: rows not older than the watermark.
    private var waiting: [RowRun] = []
    /// A row arrived older than rows already written: written whole at the end (`.kept`).
    private var rewritesAtEnd = false
    private(set) var failure: (any Error)?

    init(_ description: LogDescription, format: LogFormat, path: String, retention: RowRetention) {
        self.description = description
        self.format = format
        self.path = path
        self.retention = retention
    }

    /// Takes one chunk's new rows (`runs[shard]`) and writes every waiting row
    /// older than `watermark` through `batch`; rows on disk are all older than `previous`.
    func add(_ runs: [RowRun], writingBefore watermark: Int64, previous: Int64, opened: Timestamp,
             batch: inout RowBatch) {
        guard !rewritesAtEnd, failure == nil, runs.contains(where: { !$0.isEmpty }) || !waiting.isEmpty else { return }
        if file != nil && Self.containsRow(in: runs, before: previous) {
            file = nil
            waiting = []
            switch retention {
            case .kept: rewritesAtEnd = true
            case .released: failure = RowsOutOfOrder()
            }
            return
        }
        if waiting.isEmpty { waiting = Array(repeating: RowRun(), count: runs.count) }
        for s in runs.indices where !runs[s].isEmpty { waiting[s].merge(later: runs[s]) }
        let ready = waiting.indices.map { waiting[$0].removeRows(before: watermark) }
        guard ready.contains(where: { !$0.isEmpty }) else { return }
        do {
            var current = try file.take() ?? open(opened: opened, closed: opened)
            try Self.write(merging: ready, to: &current, through: &batch)
            file = consume current
        } catch {
            failure = error
        }
    }

    /// Writes the rows still to come from the shards' final `buffers` and
    /// closes the file, or writes the whole log again when a row older than
    /// rows already written arrived (`.kept`; `.released` throws `RowsOutOfOrder`).
    func finish(_ buffers: [LogRowBuffer], after watermark: Int64, opened: Timestamp,
                closed: Timestamp) throws -> Manifest.OutputFile {
        if let failure { throw failure }
        var buffers = buffers
        let runs = buffers.indices.map { buffers[$0].takeNewRows(retention) }
        if rewritesAtEnd || (file != nil && Self.containsRow(in: runs, before: watermark)) {
            guard retention == .kept else { throw RowsOutOfOrder() }
            file = nil
            var whole = try open(opened: opened, closed: closed)
            // The row pointers stay valid while `buffers` lives.
            var batch = RowBatch()
            try withExtendedLifetime(buffers) {
                try Self.write(merging: buffers.map { $0.sorted() }, to: &whole, through: &batch)
            }
            return summary(try whole.finish())
        }
        if waiting.isEmpty { waiting = Array(repeating: RowRun(), count: runs.count) }
        for s in runs.indices where !runs[s].isEmpty { waiting[s].merge(later: runs[s]) }
        var current = try file.take() ?? open(opened: opened, closed: closed)
        var batch = RowBatch()
        try withExtendedLifetime(buffers) { try Self.write(merging: waiting, to: &current, through: &batch) }
        current.closed = closed
        return summary(try current.finish())
    }

    private func open(opened: Timestamp, closed: Timestamp) throws -> ZeekLogFile {
        try ZeekLogFile(path: path, schema: description.schema(for: format), format: format, opened: opened,
                        closed: closed)
    }

    private func summary(_ file: LogFileSummary) -> Manifest.OutputFile {
        Manifest.OutputFile(file: description.fileName, bytes: file.byteCount, records: file.recordCount,
                            sha256: file.sha256)
    }

    private static func containsRow(in runs: [RowRun], before time: Int64) -> Bool {
        runs.contains { $0.times.contains { $0 < time } }
    }

    /// Appends the shards' sorted runs to `file` in (time, shard, position) order.
    ///
    /// Consecutive rows come from different shards' stores, so each row's bytes
    /// would be a cache miss when copied: the row a few places further on in
    /// the order is loaded while this one is copied.
    private static func write(merging runs: [RowRun], to file: inout ZeekLogFile,
                              through batch: inout RowBatch) throws {
        let order = ShardRowMerge.order(times: runs.map(\.times))
        var rows: [UnsafeRawBufferPointer] = []
        rows.reserveCapacity(runs.reduce(0) { $0 + $1.rows.count })
        for run in runs { rows.append(contentsOf: run.rows) }
        // Unchecked reads: `order` is a permutation of `rows`' indices, and a million-row chunk checked both per row.
        try rows.withUnsafeBufferPointer { rows in
            try order.withUnsafeBufferPointer { order in
                for k in order.indices {
                    if k + prefetchDistance < order.count { prefetch(rows[order[k + prefetchDistance]]) }
                    try batch.append(rows[order[k]], to: &file)
                }
            }
        }
        try batch.flush(to: &file)
    }

    /// Rows ahead of the one being copied whose bytes are loaded meanwhile.
    private static let prefetchDistance = 8

    @inline(__always)
    private static func prefetch(_ row: UnsafeRawBufferPointer) {
        guard let base = row.baseAddress, row.count > 0 else { return }
        for offset in stride(from: 0, to: row.count - 1, by: 64) { otsensor_prefetch(base + offset) }
        otsensor_prefetch(base + row.count - 1)
    }
}

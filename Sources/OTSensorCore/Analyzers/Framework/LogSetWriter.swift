import Dispatch
import Synchronization

/// Writes the analyzers' logs: for each log the shards' rows are merged in
/// (ts, shard, order within shard) order, which depends only on the input.
///
/// Rows that analyzers encode as they go (s7comm and iso_cotp, millions in a
/// polling slice) are written while later chunks are still analysed, so the
/// slice does not end with hundreds of MB left to merge, hash and write.
/// After each chunk `write(chunkRows:newest:opened:)` takes the new rows, and
/// a lane of its own writes those older than the chunk's newest packet: in a
/// capture whose times only go forward no later packet makes an older row.
/// If the times do go back and a row arrives older than rows already
/// written, the row cannot be placed in the file: with `RowRetention.kept`
/// that log is written again, whole, at the end from the rows the shards
/// still hold; with `.released` (written rows are gone) the writer reports
/// `RowsOutOfOrder` and the slice is analysed again `.kept`. Either way each
/// file is byte-identical to writing it at the end. The other logs are
/// encoded at the end and written then, one per worker.
final class LogSetWriter: @unchecked Sendable {
    private let logs: [StreamedLog]
    /// Whether the shards keep the rows `write(chunkRows:newest:opened:)` is handed.
    let retention: RowRetention
    private let lane = DispatchQueue(label: "otsensor.log-writer")
    /// The newest packet time of the chunks handed over so far.
    private var watermark = Int64.min
    private let outOfOrder = Atomic<Bool>(false)
    /// The lane's one batch buffer: a fresh megabyte for every log of every
    /// chunk was a page fault per 4 KiB written.
    private var batch = RowBatch()
    private let clock: StageClock

    init(logs: [LogDescription], format: LogFormat, directory: OutputDirectory, retention: RowRetention,
         clock: StageClock) {
        self.clock = clock
        self.logs = logs.map {
            StreamedLog($0, format: format, path: directory.path(of: $0.fileName), retention: retention)
        }
        self.retention = retention
    }

    /// Whether a log met a row it cannot place (`.released` only): the reader
    /// can stop, since the slice will be analysed again.
    var foundRowsOutOfOrder: Bool { outOfOrder.load(ordering: .relaxed) }

    /// Hands over the rows the shards encoded during one chunk,
    /// `rows[shard][log]`; `newest` is the chunk's latest packet time and
    /// `opened` the slice's first, which the native header prints.
    func write(chunkRows rows: [[RowRun]], newest: Timestamp, opened: Timestamp) {
        lane.async { [self] in
            clock.measure(.logWriting) {
                let previous = watermark
                watermark = max(watermark, newest.nanoseconds)
                for (l, log) in logs.enumerated() {
                    log.add(rows.map { $0[l] }, writingBefore: watermark, previous: previous, opened: opened,
                            batch: &batch)
                    if log.failure is RowsOutOfOrder { outOfOrder.store(true, ordering: .relaxed) }
                }
            }
        }
    }

    /// Returns once the lane has written every chunk handed over.
    func drain() { lane.sync {} }

    /// Waits for the chunks handed over, then writes the rest of every log
    /// from the shards' final buffers, `shards[shard][log]`.
    func finish(shards: [[LogRowBuffer]], opened: Timestamp, closed: Timestamp,
                threads: Int) throws -> [Manifest.OutputFile] {
        let watermark = lane.sync { self.watermark }
        let results = WorkerSlots<Result<Manifest.OutputFile, any Error>>(count: logs.count)
        let workers = max(1, min(threads, logs.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            clock.measure(.logWriting) {
                var l = worker
                while l < logs.count {
                    results.set(l, Result {
                        try logs[l].finish(shards.map { $0[l] }, after: watermark, opened: opened, closed: closed)
                    })
                    l += workers
                }
            }
        }
        return try results.values.map { try $0.get() }
    }
}

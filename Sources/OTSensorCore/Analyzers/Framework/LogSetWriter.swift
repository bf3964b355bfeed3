import Dispatch

/// Writes the analyzers' logs: for each log, the shards' rows are merged in
/// (ts, shard, order within shard) order, which depends only on the input, and
/// written through `ZeekLogFile`. Logs are written in parallel, one per worker.
struct LogSetWriter {
    let format: LogFormat
    let opened: Timestamp
    let closed: Timestamp

    /// `shards[s][l]` is shard s's buffer for `logs[l]`.
    func write(_ logs: [LogDescription], shards: [[LogRowBuffer]], in directory: OutputDirectory,
               threads: Int) throws -> [Manifest.OutputFile] {
        let results = WorkerSlots<Result<Manifest.OutputFile, any Error>>(count: logs.count)
        let workers = max(1, min(threads, logs.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var l = worker
            while l < logs.count {
                results.set(l, Result { try writeLog(logs[l], buffers: shards.map { $0[l] }, in: directory) })
                l += workers
            }
        }
        return try results.values.map { try $0.get() }
    }

    private func writeLog(_ log: LogDescription, buffers: [LogRowBuffer],
                          in directory: OutputDirectory) throws -> Manifest.OutputFile {
        var file = try ZeekLogFile(path: directory.path(of: log.fileName), schema: log.schema(for: format),
                                   format: format, opened: opened, closed: closed)
        // The row pointers stay valid while `buffers` lives: to the end of the loop.
        try withExtendedLifetime(buffers) {
            let sorted = buffers.map { $0.sorted() }
            var merge = ShardRowMerge(times: sorted.map(\.times))
            let rows = sorted.flatMap(\.rows)
            let firstRow = sorted.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.rows.count) }
            var batch = RowBatch()
            while let (shard, position) = merge.next() {
                batch.append(rows[firstRow[shard] + position])
                try batch.flushIfFull(to: &file)
            }
            try batch.flush(to: &file)
        }
        let summary = try file.finish()
        return Manifest.OutputFile(file: log.fileName, bytes: summary.byteCount, records: summary.recordCount,
                                   sha256: summary.sha256)
    }
}

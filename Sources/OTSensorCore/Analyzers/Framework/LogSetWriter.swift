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
        let orders = buffers.map { $0.sortedOrder() }
        var heap = MinHeap<RowCursor> { a, b in
            let ta = buffers[a.shard].times[orders[a.shard][a.position]]
            let tb = buffers[b.shard].times[orders[b.shard][b.position]]
            return ta != tb ? ta < tb : a.shard < b.shard
        }
        for s in buffers.indices where !orders[s].isEmpty { heap.push(RowCursor(shard: s, position: 0)) }
        var batch: [UInt8] = []
        batch.reserveCapacity(1 << 16)
        while let cursor = heap.pop() {
            batch.append(contentsOf: buffers[cursor.shard].rowBytes(orders[cursor.shard][cursor.position]))
            if cursor.position + 1 < orders[cursor.shard].count {
                heap.push(RowCursor(shard: cursor.shard, position: cursor.position + 1))
            }
            if batch.count >= 1 << 20 {
                try batch.withUnsafeBytes { try file.append(encodedRows: $0) }
                batch.removeAll(keepingCapacity: true)
            }
        }
        try batch.withUnsafeBytes { try file.append(encodedRows: $0) }
        let summary = try file.finish()
        return Manifest.OutputFile(file: log.fileName, bytes: summary.byteCount, records: summary.recordCount,
                                   sha256: summary.sha256)
    }
}

private struct RowCursor {
    var shard: Int
    var position: Int
}

import Dispatch

/// The connection tables of all shards. Each table is touched by exactly one
/// worker at a time (the analyze stage hands shard i to one thread), which is
/// why sharing the storage across threads without a lock is sound.
final class ShardSet: @unchecked Sendable {
    private var tables: [ConnectionTable]
    let threads: Int

    init(count: Int, threads: Int, configuration: FlowConfiguration) {
        tables = (0..<count).map { ConnectionTable(shard: $0, configuration: configuration) }
        self.threads = threads
    }

    var count: Int { tables.count }

    /// Runs `body` once per shard, spread over `threads` workers; shard i is
    /// always processed by a single worker, and order within a shard is kept.
    func forEachShard(_ body: @Sendable (inout ConnectionTable) -> Void) {
        let workers = min(threads, tables.count)
        tables.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let shared = buffer
            if workers <= 1 {
                for i in shared.indices { body(&shared[i]) }
                return
            }
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var shard = worker
                while shard < shared.count {
                    body(&shared[shard])
                    shard += workers
                }
            }
        }
    }

    /// Visits the shards one after another, in shard order.
    func forEachShardSequentially(_ body: (inout ConnectionTable) -> Void) {
        for i in tables.indices { body(&tables[i]) }
    }

    /// Analyzes one decoded chunk: each shard first expires what timed out
    /// before the chunk began, then takes its packets slice by slice, which is
    /// capture order.
    func analyze(_ chunk: PacketChunk) {
        let now = chunk.firstTimestamp
        // Local copies of the chunk's arrays (references, not bytes) keep the
        // loop free of per-access exclusivity checks on the chunk object.
        let arena = chunk.arena, records = chunk.records, slices = chunk.slices
        forEachShard { table in
            if let now { table.sweep(now: now) }
            arena.withUnsafeBytes { arena in
                for slice in slices {
                    slice.entries.withUnsafeBufferPointer { entries in
                        for member in slice.shardMembers[table.shard] {
                            let entry = entries.baseAddress! + Int(member)
                            if entry.pointee.datagram >= 0 {
                                slice.datagrams[Int(entry.pointee.datagram)].withUnsafeBytes {
                                    table.process(entry.pointee.info, bytes: $0)
                                }
                            } else {
                                let record = records[Int(entry.pointee.record)]
                                let bytes = UnsafeRawBufferPointer(rebasing: arena[record.start..<(record.start + record.count)])
                                table.process(entry.pointee.info, bytes: bytes)
                            }
                        }
                    }
                }
            }
        }
    }
}

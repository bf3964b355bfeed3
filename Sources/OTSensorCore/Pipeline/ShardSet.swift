import CPrefetch
import Dispatch
import Synchronization

/// The connection tables of all shards. Each table is touched by exactly one
/// worker at a time (the analyze stage hands shard i to one thread), which is
/// why sharing the storage across threads without a lock is sound.
final class ShardSet: @unchecked Sendable {
    private var tables: [ConnectionTable]
    let threads: Int
    /// How many packets the chunks analysed so far held: the position of the
    /// next chunk's first packet.
    private var packetsAnalysed: UInt64 = 0
    let clock: StageClock

    init(count: Int, threads: Int, configuration: FlowConfiguration, dispatch: AnalyzerDispatch,
         environment: AnalyzerEnvironment, signatures: SignatureSettings? = nil, clock: StageClock) {
        self.clock = clock
        tables = (0..<count).map {
            ConnectionTable(shard: $0, configuration: configuration,
                            analyzers: AnalyzerSet(dispatch: dispatch, environment: environment, shard: $0),
                            signatures: signatures.map { [shard = $0] in SignatureShard(rules: $0.rules, shard: shard) })
        }
        self.threads = threads
    }

    var count: Int { tables.count }

    /// Runs `body` once per shard, spread over `threads` workers; shard i is
    /// always processed by a single worker, and order within a shard is kept.
    /// A worker that finishes takes the next unclaimed shard, so one busy shard
    /// (a chatty PLC) does not leave the other workers idle at the barrier.
    /// Each worker's CPU time is charged to `stage`.
    func forEachShard(_ stage: StageClock.Stage, _ body: @Sendable (inout ConnectionTable) -> Void) {
        let workers = min(threads, tables.count)
        tables.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let shared = buffer
            if workers <= 1 {
                clock.measure(stage) { for i in shared.indices { body(&shared[i]) } }
                return
            }
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                clock.measure(stage) {
                    while true {
                        let shard = next.add(1, ordering: .relaxed).oldValue
                        guard shard < shared.count else { return }
                        body(&shared[shard])
                    }
                }
            }
        }
    }

    /// Visits the shards one after another, in shard order.
    func forEachShardSequentially(_ body: (inout ConnectionTable) -> Void) {
        for i in tables.indices { body(&tables[i]) }
    }

    /// Ends the slice: every open connection is finished and the analyzers'
    /// state is folded into shard 0 where it must be merged across shards.
    func finishAll() {
        let end = CapturePosition(packet: packetsAnalysed, entry: 0)
        forEachShard(.analysis) { table in
            table.analyzers.cursor.position = end
            table.finishAll()
        }
        tables[0].analyzers.absorb(tables.dropFirst().map(\.analyzers), sliceEnded: true)
    }

    /// Every shard's rows of every analyzer log, encoded in parallel:
    /// `result[shard][log]`, logs in `AnalyzerRegistry.logs` order.
    func emitLogs(context: LogContext) -> [[LogRowBuffer]] {
        let slots = WorkerSlots<[LogRowBuffer]>(count: tables.count)
        forEachShard(.logWriting) { table in slots.set(table.shard, table.analyzers.emit(context: context)) }
        return slots.values
    }

    /// The rows every shard's analyzers encoded since the last call:
    /// `result[shard][log]`, logs in `AnalyzerRegistry.logs` order.
    func takeLiveRows(_ retention: RowRetention) -> [[RowRun]] {
        let slots = WorkerSlots<[RowRun]>(count: tables.count)
        forEachShard(.logWriting) { table in slots.set(table.shard, table.analyzers.takeLiveRows(retention)) }
        return slots.values
    }

    /// Every shard's rule matches, in shard order (`--rules`).
    var signatureMatches: [[SignatureMatch]] { tables.map { $0.signatures?.matches ?? [] } }

    /// Matches any shard's pcre gave up at the match limit.
    var pcreLimitHits: Int { tables.reduce(0) { $0 + ($1.signatures?.pcreLimitHits ?? 0) } }

    var anomalies: AnomalyCounts {
        var total = AnomalyCounts()
        for table in tables { total.add(table.analyzers.anomalies) }
        return total
    }

    /// Analyzes one decoded chunk: each shard first expires what timed out
    /// before the chunk began, then takes its packets slice by slice, which is
    /// capture order. The shard's cursor follows the packets' positions. When
    /// every shard is done, shard 0 takes what the aggregated logs must merge.
    func analyze(_ chunk: PacketChunk) {
        let now = chunk.firstTimestamp
        // Local copies of the chunk's arrays (references, not bytes) keep the
        // loop free of per-access exclusivity checks on the chunk object.
        let arena = chunk.arena, records = chunk.records, slices = chunk.slices
        let first = packetsAnalysed
        forEachShard(.analysis) { table in
            let cursor = table.analyzers.cursor
            cursor.position = CapturePosition(packet: first, entry: 0)
            if let now { table.sweep(now: now) }
            arena.withUnsafeBytes { arena in
                for slice in slices {
                    slice.entries.withUnsafeBufferPointer { entries in
                        let members = slice.shardMembers[table.shard]
                        for (k, member) in members.enumerated() {
                            Self.prefetch(ahead: k, members: members, entries: entries, records: records, arena: arena)
                            let entry = entries.baseAddress! + Int(member)
                            cursor.position = CapturePosition(packet: first &+ UInt64(entry.pointee.record),
                                                              entry: UInt32(truncatingIfNeeded: member) &+ 1)
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
        packetsAnalysed += UInt64(records.count)
        tables[0].analyzers.absorb(tables.dropFirst().map(\.analyzers), sliceEnded: false)
    }
}

extension ShardSet {
    /// A shard reads one packet in every few of the chunk, so each entry, record
    /// and packet is a cache miss unless loaded ahead: the entry three members
    /// ahead, the record two ahead (its entry is cached by then), the packet's
    /// first bytes one ahead.
    @inline(__always)
    static func prefetch(ahead k: Int, members: [Int32], entries: UnsafeBufferPointer<PacketChunk.Entry>,
                         records: [PacketChunk.Record], arena: UnsafeRawBufferPointer) {
        if k + 3 < members.count {
            let entry = UnsafeRawPointer(entries.baseAddress! + Int(members[k + 3]))
            for line in stride(from: 0, to: MemoryLayout<PacketChunk.Entry>.size, by: 64) {
                otsensor_prefetch(entry + line)
            }
        }
        if k + 2 < members.count {
            let entry = entries[Int(members[k + 2])]
            if entry.datagram < 0 {
                records.withUnsafeBufferPointer { otsensor_prefetch($0.baseAddress! + Int(entry.record)) }
            }
        }
        if k + 1 < members.count {
            let entry = entries[Int(members[k + 1])]
            if entry.datagram < 0, let base = arena.baseAddress {
                let start = records[Int(entry.record)].start
                otsensor_prefetch(base + start)
                otsensor_prefetch(base + start + 64)
            }
        }
    }
}

/// One value per shard (or log), each written by the single worker that owns it.
final class WorkerSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) { storage[index] = value }

    var values: [Value] { storage.map { $0! } }
}

import Dispatch

/// Turns the shards' finished connections into conn.log: each shard sorts and
/// encodes its rows in parallel, then the rows are merged in (ts, shard, serial)
/// order, which depends only on the input, never on the thread count.
struct ConnLogWriter {
    let sliceSeed: UInt64
    let format: LogFormat
    let localNetworks: LocalNetworks
    let clock: StageClock

    /// One shard's rows, encoded, with where each row ends.
    final class EncodedShard: @unchecked Sendable {
        var records: [ConnRecord] = []
        var encoder: RowEncoder
        var rowEnds: [Int] = []
        init(encoder: RowEncoder) { self.encoder = encoder }
    }

    /// `logPath` names the log in its header: conn, or conn_long for the rows
    /// of connections carried on to the next slice.
    func write(_ shards: [[ConnRecord]], to path: String, logPath: String = "conn", opened: Timestamp,
               closed: Timestamp, threads: Int) throws -> LogFileSummary {
        let conn = ConnLog.schema(for: format)
        let schema = LogSchema(path: logPath, fields: conn.fields, osectFraming: conn.osectFraming)
        let parents = tunnelParentIndex(shards)
        let encoded = shards.map { _ in EncodedShard(encoder: RowEncoder(schema: schema, format: format)) }
        let shardsCopy = shards
        let workers = max(1, min(threads, shards.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var s = worker
            clock.measure(.logWriting) {
                while s < shardsCopy.count {
                    encode(shardsCopy[s], into: encoded[s], parents: parents)
                    s += workers
                }
            }
        }
        return try clock.measure(.logWriting) {
            var file = try ZeekLogFile(path: path, schema: schema, format: format, opened: opened, closed: closed)
            try merge(encoded, into: &file)
            return try file.finish()
        }
    }

    private func encode(_ records: [ConnRecord], into shard: EncodedShard, parents: TunnelParentIndex) {
        shard.records = records.filter { format != .osect || $0.transport != .unknown }
            .sorted(by: ConnRecord.precedes)
        for record in shard.records {
            let uid = uid(of: record)
            let tunnelParents = Set(record.tunnels.compactMap { parents.uid(for: $0, at: record.startTime, writer: self) })
            ConnLog.encode(record, uid: uid, tunnelParents: tunnelParents.sorted(by: { $0.lexicographicallyPrecedes($1) }),
                           localNetworks: localNetworks, into: &shard.encoder)
            shard.rowEnds.append(shard.encoder.bytes.count)
        }
    }

    /// Deterministic and unique within the slice: the second word is a bijective
    /// mix of (shard, serial).
    func uid(of record: ConnRecord) -> [UInt8] {
        ConnectionReference(key: record.key, start: record.startTime, shard: record.shard, serial: record.serial,
                            carriedUID: record.carriedUID)
            .uid(sliceSeed: sliceSeed)
    }

    /// A position in one shard's encoded rows, for the merge.
    private struct Cursor {
        var shard: Int
        var row: Int
    }

    private func merge(_ shards: [EncodedShard], into file: inout ZeekLogFile) throws {
        var batch = RowBatch()
        var heap = MinHeap<Cursor> { a, b in
            ConnRecord.precedes(shards[a.shard].records[a.row], shards[b.shard].records[b.row])
        }
        for (s, shard) in shards.enumerated() where !shard.rowEnds.isEmpty { heap.push(Cursor(shard: s, row: 0)) }
        while let cursor = heap.pop() {
            let shard = shards[cursor.shard]
            let start = cursor.row == 0 ? 0 : shard.rowEnds[cursor.row - 1]
            let end = shard.rowEnds[cursor.row]
            try shard.encoder.bytes.withUnsafeBytes {
                try batch.append(UnsafeRawBufferPointer(rebasing: $0[start..<end]), to: &file)
            }
            if cursor.row + 1 < shard.rowEnds.count { heap.push(Cursor(shard: cursor.shard, row: cursor.row + 1)) }
        }
        try batch.flush(to: &file)
    }

    private func tunnelParentIndex(_ shards: [[ConnRecord]]) -> TunnelParentIndex {
        var index = TunnelParentIndex()
        let wanted = Set(shards.joined().flatMap { $0.tunnels.filter(\.kind.isConnection).map(\.outer) })
        guard !wanted.isEmpty else { return index }
        for record in shards.joined() where wanted.contains(record.key) {
            index.add(record)
        }
        return index
    }
}

/// Finds the outer connection a tunnelled connection was seen in.
struct TunnelParentIndex: Sendable {
    private var byKey: [FlowKey: [ConnRecord]] = [:]

    mutating func add(_ record: ConnRecord) { byKey[record.key, default: []].append(record) }

    /// The uid of the encapsulating connection (UDP tunnels), or of the tunnel
    /// itself for IP-in-IP and GRE, which Zeek identifies by a uid of its own.
    func uid(for origin: TunnelOrigin, at time: Timestamp, writer: ConnLogWriter) -> [UInt8]? {
        guard origin.kind.isConnection else {
            return ConnectionUID.make(sliceSeed: writer.sliceSeed, key: origin.outer, start: .zero,
                                      unique: origin.outer.stableHash | 1 << 63)
        }
        guard let candidates = byKey[origin.outer] else { return nil }
        let started = candidates.filter { $0.startTime <= time }
        guard let parent = started.max(by: { ConnRecord.precedes($0, $1) }) ?? candidates.first else { return nil }
        return writer.uid(of: parent)
    }
}

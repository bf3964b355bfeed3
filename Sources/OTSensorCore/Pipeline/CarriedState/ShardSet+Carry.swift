/// Carried state across the shards: connections leave every shard at a slice's
/// end and come back, each into the shard its flow hashes to, at the next.
extension ShardSet {
    /// Every shard's open connections, carried (see `ConnectionTable.carryOpen`),
    /// in state file order. The order is found on small keys and applied once:
    /// sorting the connections themselves moved every one of them many times.
    func carryOpen(now: Timestamp, sliceSeed: UInt64) -> [CarriedConnection] {
        let slots = WorkerSlots<[CarriedConnection]>(count: count)
        forEachShard(.analysis) { table in slots.set(table.shard, table.carryOpen(now: now, sliceSeed: sliceSeed)) }
        let shards = slots.values
        var order: [(key: CarriedConnection.OrderKey, shard: Int32, index: Int32)] = []
        order.reserveCapacity(shards.reduce(0) { $0 + $1.count })
        for (s, carried) in shards.enumerated() {
            for (i, connection) in carried.enumerated() { order.append((connection.orderKey, Int32(s), Int32(i))) }
        }
        order.sort { $0.key < $1.key }
        return order.map { shards[Int($0.shard)][Int($0.index)] }
    }

    /// Puts the state file's connections into their shards, each shard decoding
    /// its own in parallel and in file order, so that serials do not depend on
    /// the thread count. Nothing is adopted unless every record reads.
    func adopt(_ records: [ArraySlice<UInt8>]) throws -> Int {
        var byShard = [[ArraySlice<UInt8>]](repeating: [], count: count)
        for record in records {
            var reader = StateReader(record)
            byShard[Int(try FlowKey(carriedFrom: &reader).stableHash % UInt64(count))].append(record)
        }
        let lists = byShard
        let decoded = WorkerSlots<Result<[(Connection, StateReader)], Error>>(count: count)
        forEachShard(.analysis) { table in
            decoded.set(table.shard, Result {
                try lists[table.shard].map { record in
                    var reader = StateReader(record)
                    let connection = try Connection(carriedFrom: &reader, serial: 0)
                    let analyzerState = try reader.part()
                    guard reader.isAtEnd else { throw CarriedStateError.malformed("bytes after a connection") }
                    return (connection, analyzerState)
                }
            })
        }
        let connections = try decoded.values.map { try $0.get() }
        forEachShard(.analysis) { table in
            for (connection, analyzerState) in connections[table.shard] {
                table.adopt(connection, analyzerState: analyzerState)
            }
        }
        return records.count
    }

    /// Every shard's analyzer flows kept apart from connections (YAF's), as
    /// state file records in an order that does not depend on the shards.
    func carryFlows() -> [[UInt8]] {
        let slots = WorkerSlots<[[UInt8]]>(count: count)
        forEachShard(.analysis) { table in slots.set(table.shard, table.carryFlows().map(\.record)) }
        return slots.values.joined().sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// The carried flows' records sorted into the shards their keys hash to,
    /// read before anything is adopted.
    func flowsByShard(_ records: [ArraySlice<UInt8>]) throws -> [[(slot: Int, state: StateReader)]] {
        var byShard = [[(slot: Int, state: StateReader)]](repeating: [], count: count)
        for record in records {
            var reader = StateReader(record)
            let slot = Int(try reader.uint8())
            let key = try FlowKey(carriedFrom: &reader)
            byShard[Int(key.stableHash % UInt64(count))].append((slot, try reader.part()))
        }
        return byShard
    }

    /// Gives carried flows back to the analyzers of their shards.
    func adoptFlows(_ byShard: [[(slot: Int, state: StateReader)]]) {
        forEachShard(.analysis) { table in
            for flow in byShard[table.shard] { table.adoptFlow(analyzer: flow.slot, state: flow.state) }
        }
    }
}

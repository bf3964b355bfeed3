/// Carried state across the shards: connections leave every shard at a slice's
/// end and come back, each into the shard its flow hashes to, at the next.
extension ShardSet {
    /// Every shard's open connections, carried (see `ConnectionTable.carryOpen`),
    /// in state file order.
    func carryOpen(now: Timestamp, sliceSeed: UInt64) -> [CarriedConnection] {
        let slots = WorkerSlots<[CarriedConnection]>(count: count)
        forEachShard { table in slots.set(table.shard, table.carryOpen(now: now, sliceSeed: sliceSeed)) }
        return slots.values.joined().sorted(by: CarriedConnection.precedes)
    }

    /// Puts carried connections into their shards, in state file order so that
    /// serials do not depend on the thread count.
    func adopt(_ connections: [(connection: Connection, analyzerState: [UInt8])]) {
        var byShard = [[(connection: Connection, analyzerState: [UInt8])]](repeating: [], count: count)
        for entry in connections {
            byShard[Int(entry.connection.key.stableHash % UInt64(count))].append(entry)
        }
        let lists = byShard
        forEachShard { table in
            for entry in lists[table.shard] { table.adopt(entry.connection, analyzerState: entry.analyzerState) }
        }
    }
}

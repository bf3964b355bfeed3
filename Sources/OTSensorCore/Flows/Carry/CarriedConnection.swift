/// A connection open at a slice's end, on its way into the state file.
struct CarriedConnection: Sendable {
    /// The connection as conn.log would print it now: its conn_long.log row,
    /// or its conn.log row if the state file has no room for it.
    var record: ConnRecord
    /// The connection and its analyzers' state as the state file stores them.
    var state: [UInt8]

    var lastTime: Timestamp { Timestamp(nanoseconds: record.startTime.nanoseconds &+ record.duration.nanoseconds) }

    /// State file order: first packet, then uid, neither of which depends on
    /// the shard or thread count, so the file is the same for any `--threads`.
    static func precedes(_ a: CarriedConnection, _ b: CarriedConnection) -> Bool {
        if a.record.startTime != b.record.startTime { return a.record.startTime < b.record.startTime }
        let x = a.record.carriedUID!, y = b.record.carriedUID!
        return (x.first, x.second) < (y.first, y.second)
    }
}

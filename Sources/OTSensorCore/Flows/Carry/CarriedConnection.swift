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
    struct OrderKey: Comparable {
        var start: Int64
        var uidFirst: UInt64
        var uidSecond: UInt64

        static func < (a: OrderKey, b: OrderKey) -> Bool {
            (a.start, a.uidFirst, a.uidSecond) < (b.start, b.uidFirst, b.uidSecond)
        }
    }

    var orderKey: OrderKey {
        OrderKey(start: record.startTime.nanoseconds, uidFirst: record.carriedUID?.first ?? 0,
                 uidSecond: record.carriedUID?.second ?? 0)
    }
}

/// The existing sensor's view of a long connection (`--layout osect` with
/// `--state`, LOGS.md §6.1): Zeek polls every connection 60 s after it was
/// created and every 60 s after that; at a poll where the connection has lasted
/// 60 s or more, a conn_long row gives its state with the counters' increase
/// since the previous such row and `ts` = the poll's time. The shipped sensor
/// then dropped the connection's final row and with it the traffic after the
/// last poll; here the final row gives that traffic as an increase too.
struct ConnectionPoll: Sendable {
    static let interval: Int64 = 60

    var next: Timestamp
    /// The six counters as the last conn_long row reported them; nil before the first.
    var reported: Counters?

    struct Counters: Sendable, Equatable {
        var origBytes: UInt64, respBytes: UInt64
        var origPackets: UInt64, origIPBytes: UInt64, respPackets: UInt64, respIPBytes: UInt64

        init(_ record: ConnRecord) {
            origBytes = record.origBytes
            respBytes = record.respBytes
            origPackets = record.origPackets
            origIPBytes = record.origIPBytes
            respPackets = record.respPackets
            respIPBytes = record.respIPBytes
        }

        init(origBytes: UInt64, respBytes: UInt64, origPackets: UInt64, origIPBytes: UInt64, respPackets: UInt64,
             respIPBytes: UInt64) {
            (self.origBytes, self.respBytes, self.origPackets) = (origBytes, respBytes, origPackets)
            (self.origIPBytes, self.respPackets, self.respIPBytes) = (origIPBytes, respPackets, respIPBytes)
        }
    }

    init(start: Timestamp) { next = start.adding(seconds: Self.interval) }

    /// The row for `record` at `time`: its counters replaced by their increase
    /// since the last reported row, which it becomes.
    mutating func increaseRow(_ record: ConnRecord, at time: Timestamp) -> ConnRecord {
        var row = record
        let now = Counters(record)
        if let before = reported {
            row.origBytes = now.origBytes &- before.origBytes
            row.respBytes = now.respBytes &- before.respBytes
            row.origPackets = now.origPackets &- before.origPackets
            row.origIPBytes = now.origIPBytes &- before.origIPBytes
            row.respPackets = now.respPackets &- before.respPackets
            row.respIPBytes = now.respIPBytes &- before.respIPBytes
        }
        row.rowTime = time
        reported = now
        return row
    }
}

extension Connection {
    /// Runs the polls due by `time`, appending their conn_long rows.
    mutating func poll(upTo time: Timestamp, shard: Int, into rows: inout [ConnRecord]) {
        guard var poll = self.poll else { return }
        while poll.next <= time {
            if duration >= .seconds(ConnectionPoll.interval) {
                rows.append(poll.increaseRow(ConnRecord(self, shard: shard), at: poll.next))
            }
            poll.next = poll.next.adding(seconds: ConnectionPoll.interval)
        }
        self.poll = poll
    }

    /// Appends the connection's last rows when it leaves the table at `time`:
    /// without polls, its conn.log row; with them, the polls due by then and
    /// the increase since its last conn_long row, or the whole connection if
    /// it never had one.
    mutating func appendFinalRows(at time: Timestamp, shard: Int, to rows: inout [ConnRecord]) {
        poll(upTo: time, shard: shard, into: &rows)
        guard var poll, poll.reported != nil else {
            rows.append(ConnRecord(self, shard: shard))
            return
        }
        rows.append(poll.increaseRow(ConnRecord(self, shard: shard), at: time))
        self.poll = poll
    }
}

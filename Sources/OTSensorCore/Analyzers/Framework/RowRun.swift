/// Rows of one log from one shard, with the times they are ordered by
/// (nanoseconds): what the log writer takes from a shard after each chunk.
///
/// Sendable although it holds pointers: a row's bytes are never written again
/// once stored, and they stay allocated until the writer has finished with
/// them, held either by the shard's buffer (`RowRetention.kept`) or by the
/// runs themselves through `stores` (`.released`).
struct RowRun: @unchecked Sendable {
    var times: [Int64] = []
    var rows: [UnsafeRawBufferPointer] = []
    /// The stores the rows point into, when the run owns them; empty when the
    /// shard's buffer keeps them.
    var stores: [RowStore] = []

    var isEmpty: Bool { times.isEmpty }

    /// The same rows in (time, order in this run) order.
    func sorted() -> RowRun {
        if zip(times, times.dropFirst()).allSatisfy({ $0 <= $1 }) { return self }
        let order = times.indices.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
        return RowRun(times: order.map { times[$0] }, rows: order.map { rows[$0] }, stores: stores)
    }

    /// Adds `later`'s rows, which were added after these, keeping (time, order
    /// of addition) order when this run is sorted.
    mutating func merge(later: RowRun) {
        let later = later.sorted()
        // Most chunks leave no row waiting: the run is then `later` itself, not a copy of it.
        if times.isEmpty && stores.isEmpty {
            self = later
            return
        }
        stores.append(contentsOf: later.stores)
        guard let last = times.last, let first = later.times.first, first < last else {
            times.append(contentsOf: later.times)
            rows.append(contentsOf: later.rows)
            return
        }
        var merged = RowRun(stores: stores)
        merged.times.reserveCapacity(times.count + later.times.count)
        merged.rows.reserveCapacity(times.count + later.times.count)
        var i = 0, j = 0
        while i < times.count || j < later.times.count {
            // Ties go to the earlier run: its rows were added first.
            if j == later.times.count || (i < times.count && times[i] <= later.times[j]) {
                merged.times.append(times[i])
                merged.rows.append(rows[i])
                i += 1
            } else {
                merged.times.append(later.times[j])
                merged.rows.append(later.rows[j])
                j += 1
            }
        }
        self = merged
    }

    /// Removes and returns the leading rows older than `time` (this run sorted).
    ///
    /// When the run owns its stores, the rows left behind (usually the few at
    /// the newest time) move into a store of their own if they are no more
    /// than the rows taken, so the stores of the rows taken are freed once
    /// those are written; copying only then bounds the copies by the rows
    /// written.
    mutating func removeRows(before time: Int64) -> RowRun {
        var cut = times.count
        while cut > 0 && times[cut - 1] >= time { cut -= 1 }
        guard cut > 0 else { return RowRun() }
        // Usually every row is taken: the run itself is handed on, not a copy of it.
        guard cut < times.count else {
            defer { self = RowRun() }
            return self
        }
        let taken = RowRun(times: Array(times[..<cut]), rows: Array(rows[..<cut]), stores: stores)
        times.removeFirst(cut)
        rows.removeFirst(cut)
        if !stores.isEmpty && rows.count <= cut {
            let own = RowStore(copying: rows)
            rows = own.rows
            stores = [own]
        }
        return taken
    }
}

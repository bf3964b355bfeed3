/// One shard's rows of one log, encoded, each with the time it is ordered by
/// (its `ts`). Rows may be added in any order: the writer sorts them by time,
/// keeping the order of addition for equal times, then merges the shards.
///
/// The encoder holds only the row being written; finished rows move into a
/// `RowStore`, whose blocks never move, so a log of millions of rows is never
/// copied to grow and the writer reads each row in place.
public struct LogRowBuffer: Sendable {
    public private(set) var encoder: RowEncoder
    private(set) var times: [Timestamp] = []
    private var store = RowStore()

    public init(schema: LogSchema, format: LogFormat) {
        encoder = RowEncoder(schema: schema, format: format, initialCapacity: 1 << 10)
    }

    /// Encodes one row ordered by `time`: `body` makes the field calls between
    /// `beginRow()` and `endRow()`.
    public mutating func row(at time: Timestamp, _ body: (inout RowEncoder) -> Void) {
        encoder.beginRow()
        body(&encoder)
        encoder.endRow()
        if !isKnownUniquelyReferenced(&store) { store = store.copy() }
        encoder.bytes.withUnsafeBytes { store.append($0) }
        encoder.removeAllRows()
        times.append(time)
    }

    public var count: Int { times.count }

    /// The rows in (time, order of addition) order: their times in nanoseconds
    /// and their bytes, LF included, valid while this buffer lives.
    func sorted() -> (times: [Int64], rows: [UnsafeRawBufferPointer]) {
        var order = Array(0..<times.count)
        if !zip(times, times.dropFirst()).allSatisfy({ $0 <= $1 }) {
            order.sort { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
        }
        return (order.map { times[$0].nanoseconds }, order.map { store.rows[$0] })
    }
}

/// Row bytes in fixed blocks: appending never moves what is stored, and each
/// row stays addressable until the store is released.
final class RowStore: @unchecked Sendable {
    static let blockSize = 1 << 20

    private var blocks: [UnsafeMutableRawBufferPointer] = []
    private var used = 0
    /// Every row appended, in order.
    private(set) var rows: [UnsafeRawBufferPointer] = []

    deinit {
        for block in blocks { block.deallocate() }
    }

    func append(_ row: UnsafeRawBufferPointer) {
        if blocks.isEmpty || used + row.count > blocks[blocks.count - 1].count {
            blocks.append(.allocate(byteCount: max(Self.blockSize, row.count), alignment: 1))
            used = 0
        }
        let target = UnsafeMutableRawBufferPointer(rebasing: blocks[blocks.count - 1][used..<(used + row.count)])
        target.copyMemory(from: row)
        rows.append(UnsafeRawBufferPointer(target))
        used += row.count
    }

    func copy() -> RowStore {
        let copy = RowStore()
        for row in rows { copy.append(row) }
        return copy
    }
}

/// Row bytes in fixed blocks: adding never moves what is stored, and each
/// row stays addressable until the store is released.
///
/// An encoder's buffer is kept whole (`adopt`). Rows copied in (`append`)
/// go to blocks that start small, because most logs of most shards hold a
/// few rows, and double up to 2 MiB.
final class RowStore: @unchecked Sendable {
    static let smallestBlock = 1 << 16
    static let largestBlock = 1 << 21

    private var blocks: [UnsafeMutableRawBufferPointer] = []
    private var used = 0
    /// Encoders' buffers kept whole (`adopt`): their rows point into them.
    private var adopted: [RowBytes] = []
    /// Every row appended, in order.
    private(set) var rows: [UnsafeRawBufferPointer] = []

    deinit {
        for block in blocks { block.deallocate() }
    }

    /// Appends the rows packed in `bytes`, row i ending at `ends[i]`, copying
    /// as many whole rows at once as fit in the current block.
    func append(rows bytes: UnsafeRawBufferPointer, ends: [Int]) {
        var start = 0, first = 0
        while first < ends.count {
            if blocks.isEmpty || ends[first] - start > blocks[blocks.count - 1].count - used {
                addBlock(fitting: ends[first] - start)
            }
            let room = blocks[blocks.count - 1].count - used
            var last = first
            while last + 1 < ends.count && ends[last + 1] - start <= room { last += 1 }
            let target = blocks[blocks.count - 1].baseAddress! + used
            target.copyMemory(from: bytes.baseAddress! + start, byteCount: ends[last] - start)
            var rowStart = start
            for end in ends[first...last] {
                rows.append(UnsafeRawBufferPointer(start: target + (rowStart - start), count: end - rowStart))
                rowStart = end
            }
            used += ends[last] - start
            start = ends[last]
            first = last + 1
        }
    }

    /// Keeps `bytes`, an encoder's buffer of rows, as a block of its own,
    /// row i ending at `ends[i]`: the rows are recorded where they were
    /// encoded instead of being copied. The buffer is never appended to again,
    /// so its bytes stay where the rows point while this store lives.
    func adopt(_ bytes: RowBytes, ends: [Int]) {
        guard let last = ends.last else { return }
        bytes.withUnsafeBytes { buffer in
            precondition(last <= buffer.count, "row ends past the adopted buffer")
            // A store mostly adopts one buffer: its row list is written in place, not appended to row by row.
            let base = buffer.baseAddress!
            let added = [UnsafeRawBufferPointer](unsafeUninitializedCapacity: ends.count) { list, count in
                var start = 0
                for (i, end) in ends.enumerated() {
                    let row = UnsafeRawBufferPointer(start: base + start, count: end - start)
                    (list.baseAddress! + i).initialize(to: row)
                    start = end
                }
                count = ends.count
            }
            if rows.isEmpty { rows = added } else { rows.append(contentsOf: added) }
        }
        adopted.append(bytes)
    }

    init() {}

    /// A store holding copies of `rows`, in order.
    init(copying rows: [UnsafeRawBufferPointer]) {
        for row in rows { append(rows: row, ends: [row.count]) }
    }

    private func addBlock(fitting rowBytes: Int) {
        let next = blocks.isEmpty ? Self.smallestBlock : min(Self.largestBlock, 2 * blocks[blocks.count - 1].count)
        blocks.append(.allocate(byteCount: max(next, rowBytes), alignment: 64))
        used = 0
    }
}

/// Merged rows gathered into one buffer so the file gets large writes; the
/// rows are counted as they are added, not by scanning for line ends.
///
/// A fixed buffer and one `memcpy` per row: the writer copies every row of
/// every log through here (millions in a polling slice), and growing an
/// `Array` by `append(contentsOf:)` cost several times the copy itself.
struct RowBatch: ~Copyable {
    static let capacity = 1 << 20

    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.capacity, alignment: 64)
    private var used = 0
    private var count = 0

    deinit { buffer.deallocate() }

    /// Adds one row, first writing the batch if the row does not fit; a row
    /// larger than the whole buffer goes to the file by itself.
    mutating func append(_ row: UnsafeRawBufferPointer, to file: inout ZeekLogFile) throws {
        if row.count > Self.capacity - used { try flush(to: &file) }
        if row.count > Self.capacity {
            try file.append(encodedRows: row, count: 1)
            return
        }
        if let source = row.baseAddress { (buffer.baseAddress! + used).copyMemory(from: source, byteCount: row.count) }
        used += row.count
        count += 1
    }

    /// Writes the rows gathered so far. The batch is empty afterwards even when
    /// the write fails, so a batch reused for another file never carries rows
    /// of a failed one into it.
    mutating func flush(to file: inout ZeekLogFile) throws {
        guard used > 0 else { return }
        defer {
            used = 0
            count = 0
        }
        try file.append(encodedRows: UnsafeRawBufferPointer(rebasing: buffer[..<used]), count: count)
    }
}

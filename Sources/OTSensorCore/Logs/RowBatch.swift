/// Merged rows gathered into one buffer so the file gets large writes; the
/// rows are counted as they are added, not by scanning for line ends.
struct RowBatch {
    private var bytes: [UInt8] = []
    private var count = 0

    init() { bytes.reserveCapacity(1 << 20 + 1 << 12) }

    mutating func append(_ row: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: row)
        count += 1
    }

    /// Writes the batch once it holds a megabyte.
    mutating func flushIfFull(to file: inout ZeekLogFile) throws {
        if bytes.count >= 1 << 20 { try flush(to: &file) }
    }

    mutating func flush(to file: inout ZeekLogFile) throws {
        try bytes.withUnsafeBytes { try file.append(encodedRows: $0, count: count) }
        bytes.removeAll(keepingCapacity: true)
        count = 0
    }
}

/// Where rendered text goes: the row being encoded (`RowBytes`) or a scratch
/// array. The renderers (numbers, addresses, escapes, times) are generic over
/// it so that one implementation writes into either without copies.
protocol ByteSink {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeRawBufferPointer)
    /// The first `count` (at most 32) bytes of `words` in memory order.
    mutating func append(first count: Int, of words: ByteWords)
}

/// 32 bytes of short rendered text (a time field) held in registers.
typealias ByteWords = (UInt64, UInt64, UInt64, UInt64)

extension ByteSink {
    mutating func append(first count: Int, of words: ByteWords) {
        appendCopying(first: count, of: words)
    }

    /// `append(first:of:)` as a copy of the bytes: the general form, and a
    /// row buffer's when it has less than 32 bytes of room.
    mutating func appendCopying(first count: Int, of words: ByteWords) {
        precondition(count >= 0 && count <= 32, "append(first:of:) of \(count) bytes")
        var words = words
        withUnsafeBytes(of: &words) { append(bytes: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always)
    mutating func append(bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
}

extension ByteSink {
    /// The UTF-8 of `text` (a table's name, a literal): one copy, no `String` built.
    mutating func append(text: String) {
        // Literals and native strings lend their UTF-8 in place: no copy of the string, no per-byte walk.
        let lent: Void? = text.utf8.withContiguousStorageIfAvailable { append(bytes: UnsafeRawBufferPointer($0)) }
        guard lent == nil else { return }
        var text = text
        text.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
    }

    mutating func append(decimal value: some BinaryInteger) { LogText.appendDecimal(UInt64(value), to: &self) }
}

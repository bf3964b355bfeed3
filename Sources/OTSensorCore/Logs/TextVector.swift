/// The elements of a `vector[string]` column built in place: one byte buffer
/// and the end of each element. A decoder that fills one for every PDU and
/// empties it with `removeAll()` allocates nothing once the buffers have grown.
struct TextVector {
    private var bytes = RowBytes()
    private var ends: [Int] = []

    mutating func removeAll() {
        bytes.removeAll()
        if !ends.isEmpty { ends.removeAll(keepingCapacity: true) }
    }

    /// Adds one element, whose text `body` appends.
    mutating func append(_ body: (inout RowBytes) -> Void) {
        bytes.makeUnique()
        body(&bytes)
        ends.append(bytes.count)
    }

    /// Adds `prefix` followed by text that `body` appends (`type=Read Variable`).
    mutating func append(_ prefix: StaticString, _ body: (inout RowBytes) -> Void) {
        append { text in
            LogText.append(prefix, to: &text)
            body(&text)
        }
    }

    /// Calls `body` with each element's bytes, in order.
    func forEachElement(_ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { bytes in
            var start = 0
            for end in ends {
                body(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                start = end
            }
        }
    }
}

extension ByteSink {
    /// The UTF-8 of `text` (a table's name, a literal): one copy, no `String` built.
    mutating func append(text: String) {
        var text = text
        // Literals and native strings are contiguous already: one copy, no per-byte walk.
        text.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
    }

    mutating func append(decimal value: some BinaryInteger) { LogText.appendDecimal(UInt64(value), to: &self) }
}

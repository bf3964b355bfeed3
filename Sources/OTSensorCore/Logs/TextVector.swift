/// The elements of a `vector[string]` column built in place: one byte buffer
/// holding the elements joined by the set separator, and the end of each. A
/// decoder that fills one for every PDU and empties it with `removeAll()`
/// allocates nothing once the buffers have grown.
///
/// Elements are made only of text Zeek's escaping leaves as it is: name-table
/// entries, decimals, hex digits and ASCII literals, never bytes from the wire
/// (debug builds check every element). The TSV field is then the joined
/// buffer itself, one copy per vector instead of an escaping pass per element.
struct TextVector {
    private var bytes = RowBytes()
    /// The first `count` entries are the elements' ends; the rest are kept
    /// from earlier PDUs, so emptying the vector is a store, not an array call.
    private var ends: [Int] = []
    private var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func removeAll() {
        bytes.removeAll()
        count = 0
    }

    /// Adds one element, whose text `body` appends.
    mutating func append(_ body: (inout RowBytes) -> Void) {
        bytes.makeUnique()
        if count > 0 { bytes.append(0x2C) }
        let start = bytes.count
        body(&bytes)
        assert(bytes.withUnsafeBytes {
            RowEncoder.isPrintedAsIs(UnsafeRawBufferPointer(rebasing: $0[start...]), inContainer: true)
        }, "a vector element that escaping would change")
        if count < ends.count { ends[count] = bytes.count } else { ends.append(bytes.count) }
        count += 1
    }

    /// Adds `prefix` followed by text that `body` appends (`type=Read Variable`).
    mutating func append(_ prefix: StaticString, _ body: (inout RowBytes) -> Void) {
        append { text in
            LogText.append(prefix, to: &text)
            body(&text)
        }
    }

    /// The elements joined by `,`: the column's TSV text when not empty.
    func withJoinedBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeBytes(body)
    }

    /// Calls `body` with each element's bytes, in order.
    func forEachElement(_ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { bytes in
            var start = 0
            for end in ends[..<count] {
                body(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                start = end + 1
            }
        }
    }
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

/// A `vector[string]` column written element by element, in place, as a
/// decoder finds its elements: an S7 PDU's `parameter` and `data_info` go
/// straight into the row, with nothing gathered first and copied after.
///
///     encoder.beginTextVector()
///     encoder.textElement { LogText.append("type=", to: &$0); … }
///     encoder.endTextVector()     // `(empty)` if no element came
///
/// Elements are made only of text Zeek's escaping leaves as it is: name-table
/// entries, decimals, hex digits and ASCII literals, never bytes from the
/// wire. TSV keeps them as written (debug builds check every element); JSON
/// quotes each, escaping one only in the rare case that it must.
extension RowEncoder {
    @inline(__always)
    public mutating func beginTextVector() {
        beginField(.vector(.string))
        if style == .json { bytes.append(0x5B) }
        textElementCount = 0
    }

    /// Adds one element of the open vector, whose text `body` appends.
    @inline(__always)
    public mutating func textElement(_ body: (inout RowBytes) -> Void) {
        if textElementCount > 0 { bytes.append(0x2C) }
        textElementCount += 1
        switch style {
        case .tsv:
            let start = bytes.count
            body(&bytes)
            assert(bytes.withUnsafeBytes {
                Self.isPrintedAsIs(UnsafeRawBufferPointer(rebasing: $0[start...]), inContainer: true)
            }, "a vector element that escaping would change")
        case .json:
            let start = bytes.count
            bytes.append(0x22)
            body(&bytes)
            quoteJSONElement(from: start)
        }
    }

    @inline(__always)
    public mutating func endTextVector() {
        switch style {
        case .tsv where textElementCount == 0: LogText.append("(empty)", to: &bytes)
        case .tsv: break
        case .json: bytes.append(0x5D)
        }
    }

    /// A `string` column of the same kind of text as a vector element (a name
    /// from a table, a literal), written as it is in TSV without the escaping
    /// pass; it must not be empty or a marker (debug builds check).
    @inline(__always)
    public mutating func plainString(_ text: UnsafeRawBufferPointer) {
        beginField(.string)
        switch style {
        case .tsv:
            assert(Self.isPrintedAsIs(text, inContainer: false), "a plain string that escaping would change")
            bytes.append(bytes: text)
        case .json:
            let start = bytes.count
            bytes.append(0x22)
            bytes.append(bytes: text)
            quoteJSONElement(from: start)
        }
    }

    /// Closes the JSON string opened at `start`, re-encoding its text through
    /// the JSON escaper when a byte in it needs escaping.
    private mutating func quoteJSONElement(from start: Int) {
        let needsEscape = bytes.withUnsafeBytes {
            ZeekJSONString.needsEscaping(UnsafeRawBufferPointer(rebasing: $0[(start + 1)...]))
        }
        guard needsEscape else { return bytes.append(0x22) }
        let text = bytes.withUnsafeBytes { Array($0[(start + 1)...]) }
        bytes.truncate(to: start)
        text.withUnsafeBytes { ZeekJSONString.append($0, to: &bytes) }
    }
}

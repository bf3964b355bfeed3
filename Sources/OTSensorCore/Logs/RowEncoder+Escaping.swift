/// Zeek's ASCII escaping (LOGS.md §3.4, `enable_utf_8 = F`; product decision 7),
/// which keeps every value on one line, keeps fields and set elements apart, and
/// keeps real values distinguishable from the `-` and `(empty)` markers.
extension RowEncoder {
    static func appendTSVEscaped(_ text: UnsafeRawBufferPointer, inContainer: Bool, to out: inout some ByteSink) {
        // Most values need no escaping at all: copy them in one go.
        if isPrintedAsIs(text, inContainer: inContainer) {
            out.append(bytes: text)
            return
        }
        // Markers first (§3.4 rule 4, §3.5), in the order Zeek's formatter tests them.
        if text.isEmpty {
            LogText.append("(empty)", to: &out)
            return
        }
        if text.count == 1 && text[0] == 0x2D {
            LogText.append("\\x2d", to: &out)
            return
        }
        if text.count == 7 && text.elementsEqual(emptyMarker) {
            LogText.append("\\x28empty)", to: &out)
            return
        }
        appendEscaping(text, inContainer: inContainer, to: &out)
    }

    /// Whether escaping leaves `text` as it is: it is not the text of a marker
    /// (`-`, `(empty)`, or nothing) and has no byte to escape.
    @inline(__always)
    static func isPrintedAsIs(_ text: UnsafeRawBufferPointer, inContainer: Bool) -> Bool {
        let isMarker = text.isEmpty || (text.count == 1 && text[0] == 0x2D)
            || (text.count == 7 && text.elementsEqual(emptyMarker))
        return !isMarker && !mayNeedEscape(text, inContainer: inContainer)
    }

    private static func appendEscaping(_ text: UnsafeRawBufferPointer, inContainer: Bool, to out: inout some ByteSink) {
        for byte in text {
            if byte == 0x5C {
                LogText.append("\\\\", to: &out)
            } else if needsEscape(byte, inContainer: inContainer) {
                LogText.appendHexEscape(byte, to: &out)
            } else {
                out.append(byte)
            }
        }
    }

    /// Whether any byte may need escaping, eight bytes at a time (SWAR): a
    /// false "yes" only sends the text to the exact byte-by-byte path, and the
    /// bit tests never miss a byte below 0x20, above 0x7E, `\\` or `,`.
    /// The tail shorter than a word is checked as one word too: the last eight
    /// bytes again when the text has that many, else the bytes left padded
    /// with a letter, which never needs escaping.
    @inline(__always)
    static func mayNeedEscape(_ text: UnsafeRawBufferPointer, inContainer: Bool) -> Bool {
        let separator: UInt64 = inContainer ? 0x2C : 0x5C
        var offset = 0
        while offset + 8 <= text.count {
            if mayNeedEscape(word: text.loadUnaligned(fromByteOffset: offset, as: UInt64.self), separator: separator) {
                return true
            }
            offset += 8
        }
        guard offset < text.count else { return false }
        if text.count >= 8 {
            return mayNeedEscape(word: text.loadUnaligned(fromByteOffset: text.count - 8, as: UInt64.self),
                                 separator: separator)
        }
        var word: UInt64 = 0x4141_4141_4141_4141
        for index in offset..<text.count {
            word = word << 8 | UInt64(text[index])
        }
        return mayNeedEscape(word: word, separator: separator)
    }

    @inline(__always)
    private static func mayNeedEscape(word: UInt64, separator: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let below = (word &- ones &* 0x20) & ~word
        let above = (word &+ ones &* 0x01) | word
        let backslash = word ^ (ones &* 0x5C), other = word ^ (ones &* separator)
        let zeroByte = ((backslash &- ones) & ~backslash) | ((other &- ones) & ~other)
        return (below | above | zeroByte) & highs != 0
    }

    private static let emptyMarker: [UInt8] = Array("(empty)".utf8)

    /// Rules 1–3: anything outside printable ASCII, the backslash, and the set
    /// separator `,` inside a set or vector element.
    @inline(__always)
    private static func needsEscape(_ byte: UInt8, inContainer: Bool) -> Bool {
        byte < 0x20 || byte > 0x7E || byte == 0x5C || (inContainer && byte == 0x2C)
    }
}

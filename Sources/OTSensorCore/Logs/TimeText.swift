/// The TSV text of `time` columns (seconds with six decimals, LOGS.md §3.3),
/// remembering the whole seconds of the last value: consecutive rows of a log
/// mostly fall within one second, so a row works out only its six decimals
/// and copies the field in a single append. S7 polling writes millions of
/// rows, and printing each timestamp digit by digit showed up in profiles.
struct TimeText: Sendable {
    /// `<seconds>.` then zeros, room for six decimals: at most 20 + 1 + 6 bytes.
    private var text: ByteWords = (0, 0, 0, 0)
    private var second = UInt64.max
    /// Bytes of `<seconds>.` at the start of `text`.
    private var prefixLength = 0

    /// Appends `microseconds`, which must not be negative.
    @inline(__always)
    mutating func append(microseconds: UInt64, to out: inout some ByteSink) {
        let second = microseconds / 1_000_000
        if second != self.second { setSecond(second) }
        let decimals = Self.sixDigits(microseconds - second * 1_000_000)
        out.append(first: prefixLength + 6, of: Self.placing(decimals, at: prefixLength, in: text))
    }

    /// `words` with the six bytes of `decimals` (first in its lowest byte)
    /// at byte `offset`, where `words` holds zeros, worked out in registers:
    /// storing them into a copy in memory and loading the words back stalled
    /// every row on store-to-load forwarding.
    @inline(__always)
    static func placing(_ decimals: UInt64, at offset: Int, in words: ByteWords) -> ByteWords {
        let bit = UInt64(truncatingIfNeeded: offset & 7) &* 8
        let low = decimals &<< bit
        let high = bit == 0 ? 0 : decimals &>> (64 - bit)
        // The words hold bytes in memory order: shifts work on their little-endian values.
        func adding(_ value: UInt64, to word: UInt64) -> UInt64 { (UInt64(littleEndian: word) | value).littleEndian }
        var words = words
        switch offset >> 3 {
        case 0: (words.0, words.1) = (adding(low, to: words.0), adding(high, to: words.1))
        case 1: (words.1, words.2) = (adding(low, to: words.1), adding(high, to: words.2))
        default: (words.2, words.3) = (adding(low, to: words.2), adding(high, to: words.3))
        }
        return words
    }

    /// The six decimal digits of `value` (below 10^6) as ASCII, first digit
    /// in the lowest byte: two table lookups instead of a digit loop, since
    /// every row of every log prints a time.
    @inline(__always)
    static func sixDigits(_ value: UInt64) -> UInt64 {
        LogText.threeDigits.withUnsafeBufferPointer { table in
            UInt64(table[Int(value / 1000)]) | UInt64(table[Int(value % 1000)]) << 24
        }
    }

    private mutating func setSecond(_ second: UInt64) {
        self.second = second
        text = (0, 0, 0, 0)
        var digits = 0, rest = second
        repeat {
            digits += 1
            rest /= 10
        } while rest != 0
        rest = second
        withUnsafeMutableBytes(of: &text) { text in
            for index in stride(from: digits - 1, through: 0, by: -1) {
                text[index] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            text[digits] = 0x2E
        }
        prefixLength = digits + 1
    }
}

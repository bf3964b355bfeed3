/// The TSV text of `time` columns (seconds with six decimals, LOGS.md §3.3),
/// remembering the whole seconds of the last value: consecutive rows of a log
/// mostly fall within one second, so a row works out only its six decimals
/// and copies the field in a single append. S7 polling writes millions of
/// rows, and printing each timestamp digit by digit showed up in profiles.
struct TimeText: Sendable {
    /// `<seconds>.` then room for six decimals: at most 20 + 1 + 6 bytes.
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
        var field = text
        withUnsafeMutableBytes(of: &field) { field in
            // Eight bytes stored, six kept: `text` has room after the longest prefix.
            field.storeBytes(of: decimals.littleEndian, toByteOffset: prefixLength, as: UInt64.self)
        }
        out.append(first: prefixLength + 6, of: field)
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

/// Numbers and fixed text written straight into a log buffer.
///
/// conn.log can have millions of rows with a dozen numbers each; going through
/// `String` would allocate per field, so digits are produced on the stack
/// (`BackwardText`) and copied in with one append.
enum LogText {
    @inline(__always)
    static func append(_ text: StaticString, to out: inout some ByteSink) {
        text.withUTF8Buffer { out.append(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Unsigned decimal, left-padded with zeros to at least `minimumWidth` digits
    /// (the padding serves the fraction of a time and the fields of a date).
    @inline(__always)
    static func appendDecimal(_ value: UInt64, minimumWidth: Int = 1, to out: inout some ByteSink) {
        if value < 10 && minimumWidth == 1 {
            out.append(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        if value < 1_000_000 && minimumWidth == 1 { return appendBelowMillion(value, to: &out) }
        var text = BackwardText()
        text.prependDecimal(value, minimumWidth: minimumWidth)
        text.append(to: &out)
    }

    @inline(__always)
    static func appendDecimal(_ value: Int64, to out: inout some ByteSink) {
        var text = BackwardText()
        text.prependDecimal(value.magnitude)
        if value < 0 { text.prepend(0x2D) }
        text.append(to: &out)
    }

    /// "000" to "999" as three ASCII bytes each, the first digit lowest: a
    /// number below a million prints from two lookups instead of a division
    /// per digit (an S7 address has four numbers, every row a time).
    static let threeDigits: [UInt32] = (0..<UInt32(1000)).map { value in
        let hundreds: UInt32 = 0x30 + value / 100, tens: UInt32 = 0x30 + value / 10 % 10
        let ones: UInt32 = 0x30 + value % 10
        return hundreds | tens << 8 | ones << 16
    }

    /// `value` (below 1,000,000) without leading zeros.
    @inline(__always)
    private static func appendBelowMillion(_ value: UInt64, to out: inout some ByteSink) {
        threeDigits.withUnsafeBufferPointer { table in
            let high = value / 1000, low = value % 1000
            let lead = high == 0 ? low : high
            let leadDigits = lead < 10 ? 1 : lead < 100 ? 2 : 3
            var word = UInt64(table[Int(lead)]) >> UInt64(8 * (3 - leadDigits))
            var count = leadDigits
            if high != 0 {
                word |= UInt64(table[Int(low)]) << UInt64(8 * leadDigits)
                count += 3
            }
            out.append(first: count, of: (word, 0, 0, 0))
        }
    }

    /// Seconds with exactly six decimals from whole microseconds, the form of every
    /// `time` and `interval` (LOGS.md §3.3, product decision 9). Working from the
    /// integer keeps `-0.5` as `-0.500000` and `0.0001` as `0.000100`, which
    /// printing a `Double` would not guarantee.
    @inline(__always)
    static func appendFixedMicroseconds(_ microseconds: Int64, to out: inout some ByteSink) {
        let magnitude = microseconds.magnitude
        var text = BackwardText()
        text.prependDecimal(magnitude % 1_000_000, minimumWidth: 6)
        text.prepend(0x2E)
        text.prependDecimal(magnitude / 1_000_000)
        if microseconds < 0 { text.prepend(0x2D) }
        text.append(to: &out)
    }

    /// `\xNN` with lower-case hex, Zeek's escape for a byte it will not print.
    @inline(__always)
    static func appendHexEscape(_ byte: UInt8, to out: inout some ByteSink) {
        out.append(0x5C)
        out.append(0x78)
        out.append(hexDigit(byte >> 4))
        out.append(hexDigit(byte & 0xF))
    }

    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The TSV rendering of Zeek's `double` type. No log in LOGS.md uses the type,
/// but the schema vocabulary includes it, so it prints exactly as Zeek would.
enum TSVDouble {
    /// A `double` as Zeek's `ODesc::Add(double, no_exp)` prints it (§3.3): at most
    /// six decimals, rounded the way its `modp_dtoa3` rounds, trailing zeros removed,
    /// `.0` when nothing is left after the point so it never reads as an integer.
    static func append(_ value: Double, to out: inout some ByteSink) {
        if value.isNaN {
            LogText.append("nan", to: &out)
            return
        }
        if value < 0 { out.append(0x2D) }
        let magnitude = value.magnitude
        if magnitude.isInfinite {
            LogText.append("inf", to: &out)
            return
        }
        guard magnitude < 2_147_483_647 else {
            appendPrintfFixed(magnitude, to: &out)
            return
        }
        var whole = UInt64(magnitude)
        let scaled = (magnitude - Double(whole)) * 1e6
        var fraction = UInt64(scaled)
        let remainder = scaled - Double(fraction)
        if remainder > 0.5 || (remainder == 0.5 && (fraction == 0 || fraction & 1 == 1)) {
            fraction += 1
            if fraction == 1_000_000 {
                fraction = 0
                whole += 1
            }
        }
        LogText.appendDecimal(whole, to: &out)
        guard fraction != 0 else {
            LogText.append(".0", to: &out)
            return
        }
        var width = 6
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        out.append(0x2E)
        LogText.appendDecimal(fraction, minimumWidth: width, to: &out)
    }

    /// Zeek hands values from 2^31 up to `printf("%.6f")`; so do we, then trim
    /// the same way. Rare enough that the C call's cost does not matter.
    private static func appendPrintfFixed(_ magnitude: Double, to out: inout some ByteSink) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { text in
            var end = Int(withVaList([magnitude]) { vsnprintf(text.baseAddress!, text.count, "%.6f", $0) })
            // "%.6f" always prints a point, so the trim stops there at the latest.
            while text[end - 1] == 0x30 { end -= 1 }
            let integral = text[end - 1] == 0x2E
            if integral { end -= 1 }
            out.append(bytes: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: text[..<end])))
            if integral { LogText.append(".0", to: &out) }
        }
    }
}

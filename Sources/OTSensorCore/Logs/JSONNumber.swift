/// `time`, `interval` and `double` values as Zeek's JSON writer prints them:
/// the shortest digits that read back as the same `Double`, laid out the way
/// rapidjson (which Zeek uses) lays them out (LOGS.md §3.6): `900.0`, `0.755677`,
/// `0.000001`, and exponents only outside 1e-6 ..< 1e21 (`1e-7`, `1.5e21`).
enum JSONNumber {
    /// Times and intervals are whole microseconds, so below 2^33 s (year 2242, or an
    /// interval of 272 years) the six-decimal value with its trailing zeros removed
    /// is already the shortest round-trip form of `Double(microseconds) / 1e6`: a
    /// double's spacing there is under 1e-6, so no shorter decimal names the same
    /// double. That covers every real value without going through `Double` text.
    static func appendMicroseconds(_ microseconds: Int64, to out: inout some ByteSink) {
        let magnitude = microseconds.magnitude
        if magnitude < 8_589_934_592_000_000 {
            appendDecimal(significand: magnitude, exponent: -6, negative: microseconds < 0, to: &out)
        } else {
            append(Double(microseconds) / 1e6, to: &out)
        }
    }

    /// A double; NaN and infinities become `null`, as Zeek's writer does.
    static func append(_ value: Double, to out: inout some ByteSink) {
        guard value.isFinite else {
            LogText.append("null", to: &out)
            return
        }
        // Swift's description is the shortest round-trip form; only its layout
        // differs from rapidjson's, so take its digits and exponent apart.
        var negative = false, significand: UInt64 = 0, exponent = 0
        var inExponent = false, afterPoint = false, exponentNegative = false, exponentValue = 0
        for byte in value.description.utf8 {
            switch byte {
            case 0x30...0x39:
                let digit = Int(byte &- 0x30)
                if inExponent {
                    exponentValue = exponentValue * 10 + digit
                } else {
                    significand = significand * 10 + UInt64(digit)
                    if afterPoint { exponent -= 1 }
                }
            case 0x2D:
                if inExponent { exponentNegative = true } else { negative = true }
            case 0x2E:
                afterPoint = true
            case 0x65, 0x45:
                inExponent = true
            default:
                break
            }
        }
        exponent += exponentNegative ? -exponentValue : exponentValue
        appendDecimal(significand: significand, exponent: exponent, negative: negative, to: &out)
    }

    /// Writes `significand × 10^exponent` in rapidjson's `Prettify` layout (at most
    /// 20 digits, a point, and an exponent or six zeros: it fits `BackwardText`).
    static func appendDecimal(significand: UInt64, exponent: Int, negative: Bool, to out: inout some ByteSink) {
        var digits = significand, exponent = exponent
        var text = BackwardText()
        if digits == 0 {
            text.prependDecimal(0)
            text.prepend(0x2E)
            text.prependDecimal(0)
        } else {
            while digits % 10 == 0 {
                digits /= 10
                exponent += 1
            }
            var length = 1, scale: UInt64 = 1
            while digits / scale >= 10 {
                scale *= 10
                length += 1
            }
            // The point sits after `pointIndex` digits: 10^(pointIndex-1) <= v < 10^pointIndex.
            let pointIndex = length + exponent
            if exponent >= 0 && pointIndex <= 21 {
                text.prepend(0x30)
                text.prepend(0x2E)
                for _ in 0..<exponent { text.prepend(0x30) }
                text.prependDecimal(digits)
            } else if pointIndex > 0 && pointIndex <= 21 {
                text.prependSplit(digits, length: length, integerDigits: pointIndex)
            } else if pointIndex > -6 && pointIndex <= 0 {
                text.prependDecimal(digits)
                for _ in 0 ..< -pointIndex { text.prepend(0x30) }
                text.prepend(0x2E)
                text.prepend(0x30)
            } else {
                let power = pointIndex - 1
                text.prependDecimal(UInt64(power.magnitude))
                if power < 0 { text.prepend(0x2D) }
                text.prepend(0x65)
                if length > 1 {
                    text.prependSplit(digits, length: length, integerDigits: 1)
                } else {
                    text.prependDecimal(digits)
                }
            }
        }
        if negative { text.prepend(0x2D) }
        text.append(to: &out)
    }
}

private extension BackwardText {
    /// `digits` (of `length` digits) with a point after the first `integerDigits`.
    mutating func prependSplit(_ digits: UInt64, length: Int, integerDigits: Int) {
        var divisor: UInt64 = 1
        for _ in integerDigits..<length { divisor *= 10 }
        prependDecimal(digits % divisor, minimumWidth: length - integerDigits)
        prepend(0x2E)
        prependDecimal(digits / divisor)
    }
}

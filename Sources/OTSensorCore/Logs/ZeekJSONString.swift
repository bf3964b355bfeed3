/// A `string` or `enum` value as a JSON string, exactly as Zeek's JSON writer
/// produces it (LOGS.md §3.6): Zeek's `escape_utf8` turns the bytes it will not
/// pass on into the four characters `\xNN`, then rapidjson applies JSON's own
/// escaping, so the baseline shows a BEL byte as `\\x07`.
///
/// Which bytes Zeek passes on is decided for the string as a whole: if every
/// byte is printable ASCII, one of `\b \f \n \r \t`, or part of a well-formed
/// UTF-8 character that is not a control, private-use or "specials" character,
/// the UTF-8 is kept; otherwise every byte outside printable ASCII and those five
/// controls is escaped, including the bytes of characters that were valid
/// (Zeek's `json_escape_utf8` test: `"\xc3\xb1\xc0\x81"` → `"\\xc3\\xb1\\xc0\\x81"`).
enum ZeekJSONString {
    /// Whether any byte of `text` is not printable ASCII, or is a quote or a backslash.
    static func needsEscaping(_ text: UnsafeRawBufferPointer) -> Bool {
        text.contains { $0 < 0x20 || $0 > 0x7E || $0 == 0x22 || $0 == 0x5C }
    }

    static func append(_ text: UnsafeRawBufferPointer, to out: inout some ByteSink) {
        out.append(0x22)
        defer { out.append(0x22) }
        // Most values are plain printable ASCII: copy them in one go.
        guard needsEscaping(text) else {
            out.append(bytes: text)
            return
        }
        let keepUTF8 = isPassedOn(text)
        for byte in text {
            switch byte {
            case 0x22: LogText.append("\\\"", to: &out)
            case 0x5C: LogText.append("\\\\", to: &out)
            case 0x08: LogText.append("\\b", to: &out)
            case 0x09: LogText.append("\\t", to: &out)
            case 0x0A: LogText.append("\\n", to: &out)
            case 0x0C: LogText.append("\\f", to: &out)
            case 0x0D: LogText.append("\\r", to: &out)
            case 0x20...0x7E: out.append(byte)
            default:
                if keepUTF8 {
                    out.append(byte)
                } else {
                    // Zeek's `\xNN`, whose backslash JSON then escapes.
                    out.append(0x5C)
                    LogText.appendHexEscape(byte, to: &out)
                }
            }
        }
    }

    /// Whether Zeek keeps this string's UTF-8 as it is (see the type's comment).
    private static func isPassedOn(_ text: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < text.count {
            let byte = text[index]
            if (byte >= 0x20 && byte < 0x7F) || byte == 0x08 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D {
                index += 1
                continue
            }
            guard let (scalar, length) = decodeStrictUTF8(text, at: index), isKept(scalar) else { return false }
            index += length
        }
        return true
    }

    /// Code points Zeek escapes even when well formed: C0 and C1 controls and DEL,
    /// the private use area, and the specials block.
    private static func isKept(_ scalar: UInt32) -> Bool {
        !(scalar <= 0x1F || (0x7F...0x9F).contains(scalar) || (0xE000...0xF8FF).contains(scalar)
            || (0xFFF0...0xFFFF).contains(scalar))
    }

    /// One UTF-8 character as RFC 3629 allows it (no overlong forms, surrogates
    /// or values above U+10FFFF), or nil.
    private static func decodeStrictUTF8(_ text: UnsafeRawBufferPointer, at index: Int) -> (UInt32, Int)? {
        let lead = text[index]
        let length: Int, secondRange: ClosedRange<UInt8>
        switch lead {
        case 0x00...0x7F: return (UInt32(lead), 1)
        case 0xC2...0xDF: length = 2; secondRange = 0x80...0xBF
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xE1...0xEF: length = 3; secondRange = 0x80...0xBF
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        case 0xF1...0xF3: length = 4; secondRange = 0x80...0xBF
        default: return nil
        }
        guard index + length <= text.count, secondRange.contains(text[index + 1]) else { return nil }
        var scalar = UInt32(lead) & (0x7F >> UInt32(length))
        for offset in 1..<length {
            let continuation = text[index + offset]
            guard continuation & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(continuation & 0x3F)
        }
        return (scalar, length)
    }
}

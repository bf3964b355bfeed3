/// The user name of an `Authorization: Basic` header as Zeek's http script
/// takes it: the value must start with `basic ` (any case); the word and the
/// blanks after it are removed, the rest base64-decoded, and the text before
/// the first `:` is the user. Decoded text without a colon is logged as
/// `<problem-decoding> (<header value>)`. The password is never kept
/// (Zeek's `default_capture_password = F`).
enum HTTPBasicAuthorization {
    static func username(fromHeaderValue value: [UInt8]) -> [UInt8]? {
        guard value.count >= 6, HTTPSyntax.equalsIgnoringCase(value[0..<5], "basic"),
              value[5] == UInt8(ascii: " ") else { return nil }
        var start = 5
        while start < value.count && HTTPSyntax.isLWS(value[start]) { start += 1 }
        let decoded = decodeBase64(value[start...])
        if let colon = decoded.firstIndex(of: UInt8(ascii: ":")) {
            return Array(decoded[..<colon])
        }
        return Array("<problem-decoding> (".utf8) + value + [UInt8(ascii: ")")]
    }

    /// Base64 as Zeek's converter decodes it: characters outside the alphabet
    /// are skipped, `=` ends the data, and a last incomplete group yields the
    /// whole bytes it holds.
    static func decodeBase64(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for c in text {
            if c == UInt8(ascii: "=") { break }
            guard let sextet = sextet(c) else { continue }
            accumulator = accumulator << 6 | UInt32(sextet)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }

    private static func sextet(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x41...0x5A: c - 0x41
        case 0x61...0x7A: c - 0x61 + 26
        case 0x30...0x39: c - 0x30 + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}

/// Character classes and small scanners of Zeek's HTTP and MIME parsers.
enum HTTPSyntax {
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    static func isHexDigit(_ c: UInt8) -> Bool { hexValue(c) != nil }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }

    static func isAlphanumeric(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A)
    }

    /// MIME's linear white space: space and tab.
    static func isLWS(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// Zeek's `skip_whitespace`: past spaces and tabs from `index`.
    static func skipWhitespace(_ bytes: UnsafeRawBufferPointer, from index: Int) -> Int {
        var i = index
        while i < bytes.count && isLWS(bytes[i]) { i += 1 }
        return i
    }

    /// RFC 2616's token characters, as Zeek's `is_HTTP_token_char`.
    static func isTokenChar(_ c: UInt8) -> Bool {
        guard c > 31 && c < 127 else { return false }
        switch c {
        case 0x20, 0x09, 0x28, 0x29, 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x5C, 0x22, 0x2F, 0x5B, 0x5D, 0x3F, 0x3D,
             0x7B, 0x7D: return false
        default: return true
        }
    }

    /// RFC 3986's reserved and unreserved characters and `%`: what Zeek reads as URI.
    static func isURIChar(_ c: UInt8) -> Bool {
        if isAlphanumeric(c) { return true }
        switch c {
        case 0x3A, 0x2F, 0x3F, 0x23, 0x5B, 0x5D, 0x40, 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B,
             0x3D, 0x2D, 0x5F, 0x2E, 0x7E, 0x25: return true
        default: return false
        }
    }

    /// Whether `bytes` has `prefix` at `index`, case-sensitively or not.
    static func hasPrefix(_ bytes: UnsafeRawBufferPointer, at index: Int, _ prefix: StaticString,
                          ignoringCase: Bool) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { p in
            (0..<count).allSatisfy { i in
                ignoringCase ? lower(bytes[index + i]) == lower(p[i]) : bytes[index + i] == p[i]
            }
        }
    }

    static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    /// Whether `bytes` is a non-empty prefix of `word`, ignoring case: Zeek's
    /// `strncasecmp(method, word, method_len) == 0`.
    static func isPrefixIgnoringCase(_ bytes: [UInt8], of word: StaticString) -> Bool {
        guard !bytes.isEmpty, bytes.count <= word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { w in zip(bytes, w).allSatisfy { lower($0) == lower($1) } }
    }

    /// Whether `bytes` equals `word`, ignoring case.
    static func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { w in zip(bytes, w).allSatisfy { lower($0) == lower($1) } }
    }

    /// C++'s `std::from_chars` for a signed 64-bit integer: an optional `-`,
    /// then as many digits of `radix` as there are; nil when there are none
    /// or the value overflows (Zeek's `atoi_n`).
    static func parseInteger(_ bytes: some Collection<UInt8>, radix: Int64) -> Int64? {
        var iterator = bytes.makeIterator()
        var next = iterator.next()
        var negative = false
        if next == UInt8(ascii: "-") {
            negative = true
            next = iterator.next()
        }
        var value: Int64 = 0
        var digits = 0
        while let c = next, let digit = digitValue(c), Int64(digit) < radix {
            let (times, o1) = value.multipliedReportingOverflow(by: radix)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(Int64(digit))
                                     : times.addingReportingOverflow(Int64(digit))
            if o1 || o2 { return nil }
            value = sum
            digits += 1
            next = iterator.next()
        }
        return digits > 0 ? value : nil
    }

    private static func digitValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x5A: c - 0x41 + 10
        case 0x61...0x7A: c - 0x61 + 10
        default: nil
        }
    }
}

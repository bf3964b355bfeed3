/// Byte-level helpers for HTTP text (ASCII only, no character set assumed).
enum HTTPText {
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func hexDigit(_ b: UInt8) -> Int? {
        if isDigit(b) { return Int(b - 0x30) }
        let l = b | 0x20
        return l >= 0x61 && l <= 0x66 ? Int(l - 0x61 + 10) : nil
    }

    static func lower(_ bytes: some Collection<UInt8>) -> [UInt8] {
        bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    static func equalsIgnoringCase(_ a: [UInt8], _ b: String) -> Bool {
        a.count == b.utf8.count && zip(a, b.utf8).allSatisfy { ByteFold.lower($0) == ByteFold.lower($1) }
    }

    /// Without leading and trailing spaces and tabs (libhtp trims header values).
    static func trimmed(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let isSpace = { (b: UInt8) in b == 0x20 || b == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return [] }
        let last = bytes.lastIndex(where: { !isSpace($0) })!
        return bytes[first...last]
    }
}

/// `http.uri`: the request URI as libhtp normalises it under Suricata's
/// default configuration (personality IDS with lower-casing turned off by
/// app-layer-htp.c, `normalized_uri_include_all` off): the path is
/// percent- and %u-decoded, backslashes become slashes, runs of slashes are
/// compressed and dot segments removed (RFC 3986 §5.2.4); the query is
/// decoded the same way (`+` stays); the fragment is kept as sent. An absolute
/// URI loses its scheme and authority. Invalid escapes are kept as sent.
public enum HTTPURINormalizer {
    public static func normalize(_ raw: [UInt8]) -> [UInt8] {
        var rest = raw[...]
        if let authorityEnd = absoluteAuthorityEnd(raw) { rest = raw[authorityEnd...] }
        var fragment: ArraySlice<UInt8>?
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
            fragment = rest[(hash + 1)...]
            rest = rest[..<hash]
        }
        var query: ArraySlice<UInt8>?
        if let mark = rest.firstIndex(of: UInt8(ascii: "?")) {
            query = rest[(mark + 1)...]
            rest = rest[..<mark]
        }
        var out = removeDotSegments(decodePath(rest))
        if let query {
            out.append(UInt8(ascii: "?"))
            out.append(contentsOf: decode(query))
        }
        if let fragment {
            out.append(UInt8(ascii: "#"))
            out.append(contentsOf: fragment)
        }
        return out
    }

    /// The host of an absolute URI (`http://Host:8080/x` → `Host:8080`), if it is one.
    public static func absoluteHost(_ raw: [UInt8]) -> ArraySlice<UInt8>? {
        guard let end = absoluteAuthorityEnd(raw), let scheme = schemeEnd(raw) else { return nil }
        var authority = raw[(scheme + 3)..<end]
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) { authority = authority[(at + 1)...] }
        return authority
    }

    /// Where the path of `scheme://authority/path` starts.
    private static func absoluteAuthorityEnd(_ raw: [UInt8]) -> Int? {
        guard let scheme = schemeEnd(raw) else { return nil }
        let start = scheme + 3
        return raw[start...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
            ?? raw.count
    }

    /// The index of `://` after a scheme of letters, digits, `+ - .`.
    private static func schemeEnd(_ raw: [UInt8]) -> Int? {
        guard let first = raw.first, HTTPText.isLetter(first) else { return nil }
        var i = 1
        while i < raw.count, HTTPText.isLetter(raw[i]) || HTTPText.isDigit(raw[i]) || raw[i] == 0x2B || raw[i] == 0x2D
            || raw[i] == 0x2E {
            i += 1
        }
        guard i + 3 <= raw.count, raw[i] == 0x3A, raw[i + 1] == 0x2F, raw[i + 2] == 0x2F else { return nil }
        return i
    }

    /// Path decoding: escapes, backslashes, separator compression.
    private static func decodePath(_ path: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(path.count)
        for var byte in decode(path) {
            if byte == UInt8(ascii: "\\") { byte = UInt8(ascii: "/") }
            if byte == UInt8(ascii: "/"), out.last == UInt8(ascii: "/") { continue }
            out.append(byte)
        }
        return out
    }

    /// `%XX` and `%uXXXX` (IDS decodes both), whose code point is best-fitted to
    /// one byte: its low byte below U+0100, `?` above (libhtp's replacement).
    private static func decode(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            let byte = text[i]
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                i += 1
                continue
            }
            if i + 6 <= text.endIndex, text[i + 1] | 0x20 == UInt8(ascii: "u"),
               let code = hexValue(text[(i + 2)..<(i + 6)]) {
                out.append(code < 0x100 ? UInt8(code) : UInt8(ascii: "?"))
                i += 6
            } else if i + 3 <= text.endIndex, let value = hexValue(text[(i + 1)..<(i + 3)]) {
                out.append(UInt8(value))
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        return out
    }

    private static func hexValue(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for d in digits {
            guard let v = HTTPText.hexDigit(d) else { return nil }
            value = value << 4 | v
        }
        return value
    }

    /// RFC 3986 §5.2.4, as libhtp's `normalize_uri_path_inplace`.
    static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        var input = path[...]
        var out: [UInt8] = []
        let dot = UInt8(ascii: "."), slash = UInt8(ascii: "/")
        func starts(_ prefix: [UInt8]) -> Bool { input.starts(with: prefix) }
        while !input.isEmpty {
            if starts([dot, dot, slash]) {
                input = input.dropFirst(3)
            } else if starts([dot, slash]) {
                input = input.dropFirst(2)
            } else if starts([slash, dot, slash]) {
                input = input.dropFirst(2)
            } else if input.elementsEqual([slash, dot]) {
                input = [slash][...]
            } else if starts([slash, dot, dot, slash]) || input.elementsEqual([slash, dot, dot]) {
                input = input.count == 3 ? [slash][...] : input.dropFirst(3)
                if let last = out.lastIndex(of: slash) { out.removeSubrange(last...) } else { out.removeAll() }
            } else if input.elementsEqual([dot]) || input.elementsEqual([dot, dot]) {
                input = []
            } else {
                var end = input.index(after: input.startIndex)
                while end < input.endIndex, input[end] != slash { end += 1 }
                out.append(contentsOf: input[..<end])
                input = input[end...]
            }
        }
        return out
    }
}

/// The file name an entity's headers give (Zeek's `http_header` handler in
/// `http/entities.zeek` and `extract_filename_from_content_disposition`):
/// a `filename=` (or `filename*=`) parameter of Content-Disposition, else a
/// `name=` parameter of Content-Type.
enum HTTPFilename {
    static func from(_ field: HTTPHeaderField) -> [UInt8]? {
        if HTTPSyntax.equalsIgnoringCase(field.name, "content-disposition") {
            return parameterEnd(in: field.value, word: "filename", allowsStar: true).map { _ in extract(field.value) }
        }
        if HTTPSyntax.equalsIgnoringCase(field.name, "content-type") {
            return parameterEnd(in: field.value, word: "name", allowsStar: false).map { _ in extract(field.value) }
        }
        return nil
    }

    /// `extract_filename_from_content_disposition`: what follows the last
    /// `name=`, the first quoted string if it starts with a quote, without an
    /// RFC 2231 `charset'language'` prefix, URI-unescaped.
    static func extract(_ value: [UInt8]) -> [UInt8] {
        var name = Array(value[(parameterEnd(in: value, word: "name", allowsStar: true, last: true) ?? 0)...])
        if name.first == UInt8(ascii: "\"") {
            let rest = name.dropFirst()
            name = Array(rest.prefix { $0 != UInt8(ascii: "\"") })
        }
        if hasCharsetPrefix(name), let lastQuote = name.lastIndex(of: UInt8(ascii: "'")) {
            name = Array(name[(lastQuote + 1)...])
        }
        return name.withUnsafeBytes { HTTPURIDecoding.unescape($0) }
    }

    /// Where the value after `word[[:blank:]]*\*?=[[:blank:]]*` begins
    /// (`word` in any case), at its first occurrence or, with `last`, its last.
    private static func parameterEnd(in value: [UInt8], word: StaticString, allowsStar: Bool,
                                     last: Bool = false) -> Int? {
        var found: Int?
        var start = 0
        while start + word.utf8CodeUnitCount <= value.count {
            defer { start += 1 }
            guard HTTPSyntax.equalsIgnoringCase(value[start..<(start + word.utf8CodeUnitCount)], word) else { continue }
            var i = start + word.utf8CodeUnitCount
            while i < value.count && HTTPSyntax.isLWS(value[i]) { i += 1 }
            if allowsStar && i < value.count && value[i] == UInt8(ascii: "*") { i += 1 }
            guard i < value.count && value[i] == UInt8(ascii: "=") else { continue }
            i += 1
            while i < value.count && HTTPSyntax.isLWS(value[i]) { i += 1 }
            found = i
            if !last { return found }
        }
        return found
    }

    /// `^[a-zA-Z0-9\!#$%&+-^_`{}~]+'[a-zA-Z0-9\!#$%&+-^_`{}~]*'`, Zeek's
    /// class as written (`+-^` is the range from `+` to `^`).
    private static func hasCharsetPrefix(_ name: [UInt8]) -> Bool {
        func isAttributeChar(_ c: UInt8) -> Bool {
            HTTPSyntax.isAlphanumeric(c) || (0x2B...0x5E).contains(c)
                || Array("!#$%&_`{}~".utf8).contains(c)
        }
        var i = 0
        while i < name.count && isAttributeChar(name[i]) { i += 1 }
        guard i > 0, i < name.count, name[i] == UInt8(ascii: "'") else { return false }
        i += 1
        while i < name.count && isAttributeChar(name[i]) { i += 1 }
        return i < name.count && name[i] == UInt8(ascii: "'")
    }
}

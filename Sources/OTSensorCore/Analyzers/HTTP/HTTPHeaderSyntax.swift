/// Zeek's MIME header reading (`MIME_Header`, `MIME_get_token`): the name is
/// a run of printable characters other than `:` after white space and
/// comments, the value follows the colon with leading white space removed.
enum HTTPHeaderSyntax {
    /// The header in a whole (folded) header line; nil when it has no name
    /// followed by a colon, which Zeek drops.
    static func field(_ line: [UInt8]) -> HTTPHeaderField? {
        line.withUnsafeBytes { bytes -> HTTPHeaderField? in
            var i = skipLWSAndComments(bytes, from: 0)
            while i < bytes.count && !isFieldNameChar(bytes[i]) {
                let skipped = skipLWSAndComments(bytes, from: i)
                i = skipped > i ? skipped : i + 1
            }
            guard i < bytes.count else { return nil }
            let nameStart = i
            while i < bytes.count && isFieldNameChar(bytes[i]) { i += 1 }
            let nameEnd = i
            i = skipLWSAndComments(bytes, from: i)
            guard i < bytes.count && bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            while i < bytes.count && isCSpace(bytes[i]) { i += 1 }
            return HTTPHeaderField(name: Array(bytes[nameStart..<nameEnd]), value: Array(bytes[i...]))
        }
    }

    /// The value's first MIME token (`get_value_token`) and where it ends;
    /// nil when there is none.
    static func firstToken(_ value: [UInt8]) -> Range<Int>? {
        value.withUnsafeBytes { bytes -> Range<Int>? in
            var i = skipLWSAndComments(bytes, from: 0)
            while i < bytes.count {
                if isTokenChar(bytes[i]) {
                    var j = i
                    while j < bytes.count && isTokenChar(bytes[j]) { j += 1 }
                    return i..<j
                }
                let skipped = skipLWSAndComments(bytes, from: i)
                i = skipped > i ? skipped : i + 1
            }
            return nil
        }
    }

    /// The first token, if it equals `word` ignoring case.
    static func tokenIs(_ value: [UInt8], _ word: StaticString) -> Bool {
        guard let token = firstToken(value) else { return false }
        return HTTPSyntax.equalsIgnoringCase(value[token], word)
    }

    /// A Content-Type's type when it makes Zeek read the body line by line
    /// (`multipart` with a boundary, or `message`), with the boundary.
    static func lineDelimitedType(_ value: [UInt8]) -> (isLineDelimited: Bool, boundary: [UInt8]?) {
        guard let type = firstToken(value) else { return (false, nil) }
        if HTTPSyntax.equalsIgnoringCase(value[type], "message") { return (true, nil) }
        guard HTTPSyntax.equalsIgnoringCase(value[type], "multipart"), let boundary = boundaryParameter(in: value) else {
            return (false, nil)
        }
        return (true, boundary)
    }

    /// The `boundary` parameter: a quoted string or the run up to `;` or white space.
    private static func boundaryParameter(in value: [UInt8]) -> [UInt8]? {
        let lowered = value.map(HTTPSyntax.lower)
        let key = Array("boundary".utf8)
        guard let start = lowered.indices.first(where: { lowered[$0...].starts(with: key) }) else { return nil }
        var i = start + key.count
        while i < value.count && HTTPSyntax.isLWS(value[i]) { i += 1 }
        guard i < value.count && value[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        while i < value.count && HTTPSyntax.isLWS(value[i]) { i += 1 }
        if i < value.count && value[i] == UInt8(ascii: "\"") {
            let end = value[(i + 1)...].firstIndex(of: UInt8(ascii: "\"")) ?? value.count
            return Array(value[(i + 1)..<end])
        }
        let end = value[i...].firstIndex { $0 == UInt8(ascii: ";") || HTTPSyntax.isLWS($0) } ?? value.count
        return end > i ? Array(value[i..<end]) : nil
    }

    private static func isFieldNameChar(_ c: UInt8) -> Bool { c >= 33 && c <= 126 && c != UInt8(ascii: ":") }

    private static func isTokenChar(_ c: UInt8) -> Bool {
        guard c >= 33 && c <= 126 else { return false }
        switch c {
        case 0x28, 0x29, 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x5C, 0x22, 0x2F, 0x5B, 0x5D, 0x3F, 0x3D: return false
        default: return true
        }
    }

    private static func isCSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

    /// Past white space and parenthesised comments (RFC 2822), as `MIME_skip_lws_comments`.
    private static func skipLWSAndComments(_ bytes: UnsafeRawBufferPointer, from index: Int) -> Int {
        var i = index
        while i < bytes.count {
            if HTTPSyntax.isLWS(bytes[i]) {
                i += 1
            } else if bytes[i] == UInt8(ascii: "(") {
                var depth = 0
                var j = i
                while j < bytes.count {
                    if bytes[j] == UInt8(ascii: "(") { depth += 1 }
                    if bytes[j] == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    if bytes[j] == UInt8(ascii: "\\") { j += 1 }
                    j += 1
                }
                i = min(j + 1, bytes.count)
            } else {
                return i
            }
        }
        return bytes.count
    }
}

/// A response's status line read as Zeek's `HTTP_ReplyLine`: `HTTP/` (any
/// case), the version, white space, three characters of code (0 unless all
/// digits) and, after white space, the reason phrase, which may be missing.
struct HTTPStatusLine {
    var version: HTTPVersion
    var code: Int
    /// nil when the line ends after the code (Zeek logs `<empty>`).
    var reason: [UInt8]?

    /// nil when the line is not a status line; a version was then still
    /// read when `HTTP/` was there (`version`).
    init?(parsing line: UnsafeRawBufferPointer, version read: inout HTTPVersion?) {
        guard HTTPSyntax.hasPrefix(line, at: 0, "HTTP/", ignoringCase: true) else { return nil }
        var rest = 5
        version = HTTPVersion(reading: UnsafeRawBufferPointer(rebasing: line[rest...]))
        read = version
        while rest < line.count && !HTTPSyntax.isLWS(line[rest]) { rest += 1 }
        guard rest < line.count else { return nil }
        rest = HTTPSyntax.skipWhitespace(line, from: rest)
        guard rest + 3 <= line.count else { return nil }
        let digits = line[rest..<(rest + 3)]
        code = digits.allSatisfy(HTTPSyntax.isDigit) ? digits.reduce(0) { $0 * 10 + Int($1 - 0x30) } : 0
        rest += 3
        while rest < line.count && !HTTPSyntax.isLWS(line[rest]) { rest += 1 }
        guard rest < line.count else {
            reason = nil
            return
        }
        rest = HTTPSyntax.skipWhitespace(line, from: rest)
        reason = Array(line[rest...])
    }
}

/// A request line read as Zeek's `HTTP_RequestLine` and `ParseRequest` read
/// it: the method is a run of token characters, the URI runs up to the white
/// space before the last-found `HTTP/`, and a line without `HTTP/` is HTTP/0.9.
struct HTTPRequestLine {
    enum Failure: String, Error {
        case badRequest = "http.bad_request_line"
        case badRequestWithVersion = "http.bad_request_line_with_version"
    }

    var method: [UInt8]
    var originalURI: [UInt8]
    var uri: [UInt8]
    /// nil when a version was there but unreadable: Zeek then keeps the
    /// connection's earlier request version.
    var version: HTTPVersion?

    init(parsing line: UnsafeRawBufferPointer, previousVersion: HTTPVersion) throws(Failure) {
        var endOfMethod = 0
        while endOfMethod < line.count && HTTPSyntax.isTokenChar(line[endOfMethod]) { endOfMethod += 1 }
        if endOfMethod == 0 {
            if line.count >= 9 && HTTPSyntax.hasPrefix(line, at: line.count - 9, " HTTP/", ignoringCase: true) {
                throw .badRequestWithVersion
            }
            throw .badRequest
        }
        let rest = HTTPSyntax.skipWhitespace(line, from: endOfMethod)
        guard rest != endOfMethod else { throw .badRequest }

        var endOfURI = rest
        while endOfURI < line.count && HTTPSyntax.isURIChar(line[endOfURI]) { endOfURI += 1 }
        if endOfURI >= line.count && HTTPSyntax.hasPrefix(line, at: rest, "HTTP/", ignoringCase: true) {
            endOfURI = rest
        }
        var versionStart = endOfURI
        while versionStart < line.count {
            endOfURI = versionStart
            versionStart = HTTPSyntax.skipWhitespace(line, from: versionStart)
            if HTTPSyntax.hasPrefix(line, at: versionStart, "HTTP/", ignoringCase: true) { break }
            versionStart += 1
        }
        if versionStart >= line.count {
            version = .http09
        } else if versionStart + 8 <= line.count {
            version = HTTPVersion(reading: UnsafeRawBufferPointer(rebasing: line[(versionStart + 5)...]))
        } else {
            version = nil
        }
        let uriBytes = UnsafeRawBufferPointer(rebasing: line[rest..<endOfURI])
        if (version ?? previousVersion) == .http09 && (endOfMethod < 3 || uriBytes.isEmpty) { throw .badRequest }
        method = Array(line[0..<endOfMethod])
        originalURI = Array(uriBytes)
        uri = HTTPURIDecoding.unescape(uriBytes)
    }
}

/// Zeek's `unescape_URI`: `%XX` and `%uXXXX` decoded, a doubled `%` and
/// malformed escapes kept as Zeek keeps them.
enum HTTPURIDecoding {
    static func unescape(_ uri: UnsafeRawBufferPointer) -> [UInt8] {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(uri.count)
        var i = 0
        let end = uri.count
        while i < end {
            guard uri[i] == UInt8(ascii: "%") else {
                decoded.append(uri[i])
                i += 1
                continue
            }
            i += 1
            if i == end {
                decoded.append(UInt8(ascii: "%"))
                break
            }
            if i + 1 == end {
                decoded.append(UInt8(ascii: "%"))
                decoded.append(uri[i])
                break
            }
            if uri[i] == UInt8(ascii: "%") {
                // Zeek drops the first of two `%` and reads the second as an escape.
                continue
            }
            if let high = HTTPSyntax.hexValue(uri[i]), let low = HTTPSyntax.hexValue(uri[i + 1]) {
                decoded.append(high << 4 | low)
                i += 2
            } else if end - i >= 5 && uri[i] == UInt8(ascii: "u"),
                      let a = HTTPSyntax.hexValue(uri[i + 1]), let b = HTTPSyntax.hexValue(uri[i + 2]),
                      let c = HTTPSyntax.hexValue(uri[i + 3]), let d = HTTPSyntax.hexValue(uri[i + 4]) {
                if !(uri[i + 1] == UInt8(ascii: "0") && uri[i + 2] == UInt8(ascii: "0")) { decoded.append(a << 4 | b) }
                decoded.append(c << 4 | d)
                i += 5
            } else {
                decoded.append(UInt8(ascii: "%"))
                decoded.append(uri[i])
                i += 1
            }
        }
        return decoded
    }
}

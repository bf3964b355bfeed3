/// Suricata's HTTP/1 sticky buffers (src/detect-http-*.c over libhtp) of one
/// transaction, for inspection in one direction. A buffer exists only once
/// its message part has arrived and when it is not empty, so a rule on a
/// header the message lacks does not match (not even a negated content).
///
/// To the server: the request's buffers once its headers are complete, and
/// `http.request_body` once the body is (or reaches its inspect size). To
/// the client: the request-only buffers (URI, method, host…) stay
/// available, and the buffers shared by both directions (`http.header`,
/// `http.protocol`, `http.content_type`, `file.data`…) read the response.
public enum HTTPBuffers {
    /// Buffers only a request has: offered in both directions.
    static let requestOnly: Set<String> = [
        "http.method", "http.uri", "http.uri.raw", "http.request_line", "http.host", "http.host.raw",
        "http.user_agent", "http.referer", "http.accept", "http.accept_enc", "http.accept_lang", "http.request_body",
    ]

    /// The buffers of `source` in `wanted` (the names the rules read).
    public static func build(_ source: HTTPBufferSource, toServer: Bool, wanted: Set<String>) -> AppBufferSet {
        var set = AppBufferSet()
        func add(_ name: String, _ bytes: [UInt8]?) {
            guard wanted.contains(name), let bytes, !bytes.isEmpty else { return }
            set.add(name, bytes)
        }
        if source.requestHeadersComplete, let line = source.requestLine {
            let requestHeaders = merged(source.requestHeaders)
            add("http.method", source.method)
            add("http.uri.raw", source.uri)
            add("http.uri", source.uri.map(HTTPURINormalizer.normalize))
            add("http.request_line", line)
            let raw = value(requestHeaders, "host")
            add("http.host.raw", raw ?? source.uri.flatMap(HTTPURINormalizer.absoluteHost).map(Array.init))
            add("http.host", normalizedHost(uri: source.uri, header: raw))
            add("http.user_agent", value(requestHeaders, "user-agent"))
            add("http.referer", value(requestHeaders, "referer"))
            add("http.accept", value(requestHeaders, "accept"))
            add("http.accept_enc", value(requestHeaders, "accept-encoding"))
            add("http.accept_lang", value(requestHeaders, "accept-language"))
            add("http.request_body", source.requestBody)
            if toServer {
                addMessage(line: line, protocol: requestProtocol(line), headers: requestHeaders, cookie: "cookie",
                           add: add)
                if let method = source.method, HTTPText.equalsIgnoringCase(method, "PUT") {
                    add("file.data", source.requestBody)
                }
            }
        }
        if !toServer, source.responseHeadersComplete, let line = source.statusLine {
            let headers = merged(source.responseHeaders)
            let (proto, code, message) = statusParts(line)
            add("http.response_line", line)
            add("http.stat_code", code.map(Array.init))
            add("http.stat_msg", message.map(Array.init))
            add("http.location", value(headers, "location"))
            add("http.server", value(headers, "server"))
            addMessage(line: line, protocol: proto, headers: headers, cookie: "set-cookie", add: add)
            add("file.data", source.responseBody)
            add("http.response_body", source.responseBody)
        }
        return set
    }

    /// The buffers both directions have, from the message of this direction.
    private static func addMessage(line: [UInt8], protocol proto: ArraySlice<UInt8>?, headers: [HTTPBufferSource.Header],
                                   cookie: String, add: (String, [UInt8]?) -> Void) {
        add("http.protocol", proto.map(Array.init))
        add("http.cookie", value(headers, cookie))
        add("http.content_type", value(headers, "content-type"))
        add("http.content_len", value(headers, "content-length"))
        add("http.connection", value(headers, "connection"))
        var header: [UInt8] = [], raw: [UInt8] = [], names: [UInt8] = [], start = line + [0x0D, 0x0A]
        for field in headers {
            let text = field.name + [0x3A, 0x20] + field.value + [0x0D, 0x0A]
            raw += text
            start += text
            names += [0x0D, 0x0A] + field.name
            if !HTTPText.equalsIgnoringCase(field.name, cookie) { header += text }
        }
        if !headers.isEmpty {
            names += [0x0D, 0x0A, 0x0D, 0x0A]
            start += [0x0D, 0x0A]
        }
        add("http.header", header)
        add("http.header.raw", raw.isEmpty ? raw : raw + [0x0D, 0x0A])
        add("http.header_names", names)
        add("http.start", start)
    }

    /// libhtp keeps one entry per header name: a repeated header's values
    /// are joined with ", " in the first one's place. Values are trimmed.
    static func merged(_ headers: [HTTPBufferSource.Header]) -> [HTTPBufferSource.Header] {
        var out: [HTTPBufferSource.Header] = []
        var index: [[UInt8]: Int] = [:]
        for field in headers {
            let key = HTTPText.lower(field.name)
            let value = Array(HTTPText.trimmed(field.value))
            if let i = index[key] {
                out[i].value += [0x2C, 0x20] + value
            } else {
                index[key] = out.count
                out.append(.init(name: field.name, value: value))
            }
        }
        return out
    }

    private static func value(_ headers: [HTTPBufferSource.Header], _ name: String) -> [UInt8]? {
        headers.first { HTTPText.equalsIgnoringCase($0.name, name) }?.value
    }

    /// `http.host`: libhtp's hostname (the absolute URI's host, else the
    /// Host header), lower-cased, without port or trailing dots.
    static func normalizedHost(uri: [UInt8]?, header: [UInt8]?) -> [UInt8]? {
        guard var host = uri.flatMap(HTTPURINormalizer.absoluteHost) ?? header.map({ $0[...] }) else { return nil }
        if host.first == UInt8(ascii: "[") {
            if let close = host.firstIndex(of: UInt8(ascii: "]")) { host = host[...close] }
        } else if let colon = host.firstIndex(of: UInt8(ascii: ":")) {
            host = host[..<colon]
        }
        while host.last == UInt8(ascii: ".") { host = host.dropLast() }
        return HTTPText.lower(HTTPText.trimmed(Array(host)))
    }

    /// The protocol of `METHOD URI PROTOCOL` (none for HTTP/0.9).
    static func requestProtocol(_ line: [UInt8]) -> ArraySlice<UInt8>? {
        let words = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        return words.count >= 3 ? words.last : nil
    }

    /// `PROTOCOL CODE MESSAGE` of a status line.
    static func statusParts(_ line: [UInt8]) -> (ArraySlice<UInt8>?, ArraySlice<UInt8>?, ArraySlice<UInt8>?) {
        let words = line.split(maxSplits: 2, whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        let message = words.count > 2 ? HTTPText.trimmed(Array(words[2])) : nil
        return (words.first, words.count > 1 ? words[1] : nil, message)
    }
}

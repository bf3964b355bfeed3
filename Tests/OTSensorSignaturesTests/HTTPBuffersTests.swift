@testable import OTSensorSignatures
import XCTest

/// Suricata's HTTP sticky buffers, with the values worked out by hand from
/// src/detect-http-*.c and libhtp's normalisation under the IDS personality
/// (lower-casing off, as app-layer-htp.c sets it).
final class HTTPBuffersTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private func header(_ name: String, _ value: String) -> HTTPBufferSource.Header {
        .init(name: bytes(name), value: bytes(value))
    }

    private let everything: Set<String> = [
        "http.method", "http.uri", "http.uri.raw", "http.request_line", "http.host", "http.host.raw",
        "http.user_agent", "http.request_body", "http.header", "http.header.raw", "http.header_names", "http.cookie",
        "http.protocol", "http.start", "http.content_type", "http.content_len", "http.stat_code", "http.stat_msg",
        "http.response_line", "file.data", "http.response_body", "http.location", "http.server", "http.referer",
    ]

    private func string(_ set: AppBufferSet, _ name: String) -> String? {
        set.bytes(name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A GET with a Host header carrying a port, a cookie and a repeated header.
    private var request: HTTPBufferSource {
        var source = HTTPBufferSource()
        source.requestLine = bytes("GET /a/./b/../c//d%2Fe%41?x=%41+b#top HTTP/1.1")
        source.method = bytes("GET")
        source.uri = bytes("/a/./b/../c//d%2Fe%41?x=%41+b#top")
        source.requestHeaders = [header("Host", "WWW.Example.com:8080"), header("Cookie", "id=1"),
                                 header("X-Tag", "a"), header("x-tag", "b ")]
        source.requestHeadersComplete = true
        return source
    }

    // MARK: http.uri and http.uri.raw

    func testNormalizedURIDecodesCompressesAndRemovesDotSegments() {
        // Path: %2F and %41 decoded, "//" compressed, "./" and "b/../" removed;
        // query decoded with "+" kept; fragment as sent.
        XCTAssertEqual(HTTPURINormalizer.normalize(bytes("/a/./b/../c//d%2Fe%41?x=%41+b#top")), bytes("/a/c/d/eA?x=A+b#top"))
        XCTAssertEqual(HTTPURINormalizer.normalize(bytes("/dir\\file")), bytes("/dir/file"), "backslash is a separator")
        XCTAssertEqual(HTTPURINormalizer.normalize(bytes("/%u0041b")), bytes("/Ab"), "%u decoding (IDS)")
        XCTAssertEqual(HTTPURINormalizer.normalize(bytes("/%u2215")), bytes("/?"), "best fit of a wide code point")
        XCTAssertEqual(HTTPURINormalizer.normalize(bytes("/%zz%4")), bytes("/%zz%4"), "invalid escapes kept")
        XCTAssertEqual(HTTPURINormalizer.normalize(bytes("/Mixed/CASE")), bytes("/Mixed/CASE"), "no lower-casing")
        XCTAssertEqual(HTTPURINormalizer.normalize(bytes("http://Host.example:81/x%20y?q")), bytes("/x y?q"),
                       "an absolute URI loses scheme and authority")
        XCTAssertEqual(HTTPURINormalizer.normalize(bytes("/a/b/../../../c")), bytes("/c"))
    }

    func testRequestLineBuffers() {
        let set = HTTPBuffers.build(request, toServer: true, wanted: everything)
        XCTAssertEqual(string(set, "http.method"), "GET")
        XCTAssertEqual(string(set, "http.uri"), "/a/c/d/eA?x=A+b#top")
        XCTAssertEqual(string(set, "http.uri.raw"), "/a/./b/../c//d%2Fe%41?x=%41+b#top")
        XCTAssertEqual(string(set, "http.request_line"), "GET /a/./b/../c//d%2Fe%41?x=%41+b#top HTTP/1.1")
        XCTAssertEqual(string(set, "http.protocol"), "HTTP/1.1")
    }

    // MARK: http.header, http.header_names, http.cookie, http.start

    func testHeaderBuffersFollowSuricatasLayout() {
        let set = HTTPBuffers.build(request, toServer: true, wanted: everything)
        // "Name: value\r\n" per header, Cookie left out, repeated names merged by libhtp with ", ".
        XCTAssertEqual(string(set, "http.header"), "Host: WWW.Example.com:8080\r\nX-Tag: a, b\r\n")
        XCTAssertEqual(string(set, "http.header_names"), "\r\nHost\r\nCookie\r\nX-Tag\r\n\r\n")
        XCTAssertEqual(string(set, "http.cookie"), "id=1")
        XCTAssertEqual(string(set, "http.start"), "GET /a/./b/../c//d%2Fe%41?x=%41+b#top HTTP/1.1\r\n"
                       + "Host: WWW.Example.com:8080\r\nCookie: id=1\r\nX-Tag: a, b\r\n\r\n")
        XCTAssertNil(set.bytes("http.user_agent"), "a header the request lacks is no buffer")
    }

    // MARK: http.host and http.host.raw

    func testHostIsLowerCasedWithoutPortAndRawKeepsIt() {
        let set = HTTPBuffers.build(request, toServer: true, wanted: everything)
        XCTAssertEqual(string(set, "http.host"), "www.example.com")
        XCTAssertEqual(string(set, "http.host.raw"), "WWW.Example.com:8080")
        XCTAssertEqual(HTTPBuffers.normalizedHost(uri: bytes("http://Abs.Example./x"), header: bytes("other")),
                       bytes("abs.example"), "an absolute URI's host wins, trailing dot dropped")
        XCTAssertEqual(HTTPBuffers.normalizedHost(uri: nil, header: bytes("[::1]:8080")), bytes("[::1]"))
    }

    // MARK: response buffers, file.data

    func testResponseBuffersOnlyToTheClient() {
        var source = request
        source.statusLine = bytes("HTTP/1.0 404 Not Found")
        source.responseHeaders = [header("Content-Type", "text/html"), header("Set-Cookie", "s=2"),
                                  header("Content-Length", "5")]
        source.responseHeadersComplete = true
        source.responseBody = bytes("hello")
        let toServer = HTTPBuffers.build(source, toServer: true, wanted: everything)
        XCTAssertNil(toServer.bytes("http.stat_code"))
        XCTAssertNil(toServer.bytes("file.data"), "a GET's body is no file; the response's is not to the server")
        XCTAssertEqual(string(toServer, "http.protocol"), "HTTP/1.1")

        let toClient = HTTPBuffers.build(source, toServer: false, wanted: everything)
        XCTAssertEqual(string(toClient, "http.stat_code"), "404")
        XCTAssertEqual(string(toClient, "http.stat_msg"), "Not Found")
        XCTAssertEqual(string(toClient, "http.response_line"), "HTTP/1.0 404 Not Found")
        XCTAssertEqual(string(toClient, "http.protocol"), "HTTP/1.0", "the response's protocol")
        XCTAssertEqual(string(toClient, "http.cookie"), "s=2", "Set-Cookie to the client")
        XCTAssertEqual(string(toClient, "http.header"), "Content-Type: text/html\r\nContent-Length: 5\r\n")
        XCTAssertEqual(string(toClient, "http.content_type"), "text/html")
        XCTAssertEqual(string(toClient, "http.content_len"), "5")
        XCTAssertEqual(string(toClient, "file.data"), "hello")
        XCTAssertEqual(string(toClient, "http.response_body"), "hello")
        XCTAssertEqual(string(toClient, "http.uri"), "/a/c/d/eA?x=A+b#top", "request-only buffers stay")
    }

    func testOnlyWantedBuffersAreBuilt() {
        let set = HTTPBuffers.build(request, toServer: true, wanted: ["http.uri"])
        XCTAssertEqual(set.names, ["http.uri"])
        var early = request
        early.requestHeadersComplete = false
        XCTAssertTrue(HTTPBuffers.build(early, toServer: true, wanted: everything).isEmpty,
                      "nothing before the request headers are complete")
    }

    // MARK: the engine on transactions

    func testTransactionInputRunsOnlyRulesReadingBuffers() {
        var harness = RuleHarness("""
        \(rule(1, #"http.uri; content:"/index"; "#, proto: "http"))
        \(rule(2, #"content:"GET"; "#, proto: "http"))
        \(rule(3, #"http.user_agent; content:!"curl"; "#, proto: "http"))
        \(rule(4, #"file_data; content:"needle"; "#, proto: "http"))
        """)
        let payload = bytes("GET /index HTTP/1.1\r\n\r\n")
        XCTAssertEqual(harness.sids(payload, appProto: "http"), [2], "a packet meets the packet rule only")
        XCTAssertEqual(harness.sids(payload, appProto: "http", appBuffers: [("http.uri", bytes("/index"))],
                                    transaction: true), [1],
                       "the transaction meets the buffer rules; a negated content on a missing buffer does not match")
        XCTAssertEqual(harness.sids([], toServer: false, appProto: "http",
                                    appBuffers: [("file.data", bytes("hay needle hay"))], transaction: true), [4])
    }
}

/// Suricata's legacy underscore spellings select the same sticky buffers.
final class HTTPLegacyBufferNameTests: XCTestCase {
    func testUnderscoreNamesAreStickyBuffers() {
        var harness = RuleHarness("""
        \(rule(1, #"http_request_line; content:"GET / HTTP/1.1"; "#, proto: "http"))
        \(rule(2, #"http_protocol; content:"HTTP/1.0"; "#, proto: "http"))
        """)
        let buffers: [(String, [UInt8])] = [("http.request_line", Array("GET / HTTP/1.1".utf8)),
                                            ("http.protocol", Array("HTTP/1.1".utf8))]
        XCTAssertEqual(harness.sids([], appProto: "http", appBuffers: buffers, transaction: true), [1])
    }
}

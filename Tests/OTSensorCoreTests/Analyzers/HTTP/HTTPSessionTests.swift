@testable import OTSensorCore
import XCTest

/// The HTTP session fed by hand: each expected value is worked from Zeek's
/// HTTP analyzer and http script as LOGS.md §6.7 describes them.
final class HTTPSessionTests: XCTestCase {
    /// Feeds the chunks in order (`true` = from the originator), ends the
    /// connection and returns what it wrote.
    private func run(_ chunks: [(Bool, String)], session: HTTPSession = HTTPSession()) -> [HTTPTransaction] {
        for (isOrig, text) in chunks {
            Array(text.utf8).withUnsafeBytes { session.deliver($0, isOrig: isOrig) }
        }
        session.finish()
        return session.table.takeWritten()
    }

    private func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

    func testKeepAliveRequestsPairInOrderWithTheirBodyLengths() {
        let rows = run([
            (true, "GET /one HTTP/1.1\r\nHost: example.com:8080\r\nUser-Agent: ua/1\r\nReferer: http://r/\r\n\r\n"),
            (false, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"),
            (true, "POST /two HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3\r\n\r\nabc"),
            (false, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"),
        ])
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows.map(\.depth), [1, 2])
        XCTAssertEqual(text(rows[0].method), "GET")
        XCTAssertEqual(text(rows[0].uri), "/one")
        XCTAssertEqual(text(rows[0].host), "example.com:8080")
        XCTAssertEqual(text(rows[0].userAgent), "ua/1")
        XCTAssertEqual(text(rows[0].referrer), "http://r/")
        XCTAssertEqual(text(rows[0].version), "1.1")
        XCTAssertEqual(rows[0].statusCode, 200)
        XCTAssertEqual(text(rows[0].statusMessage), "OK")
        XCTAssertEqual(rows[0].responseBodyLength, 5)
        XCTAssertEqual(text(rows[1].method), "POST")
        XCTAssertEqual(rows[1].requestBodyLength, 3)
        XCTAssertEqual(rows[1].statusCode, 404)
        XCTAssertEqual(text(rows[1].statusMessage), "Not Found")
        XCTAssertEqual(rows[1].responseBodyLength, 0)
    }

    func testPipelinedRequestsAreAnsweredInOrderAndHEADHasNoBody() {
        let rows = run([
            (true, "GET /a HTTP/1.1\r\nHost: h\r\n\r\nHEAD /b HTTP/1.1\r\nHost: h\r\n\r\nGET /c HTTP/1.1\r\nHost: h\r\n\r\n"),
            (false, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                + "HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n\r\n"
                + "HTTP/1.1 302 Found\r\nContent-Length: 1\r\n\r\nx"),
        ])
        XCTAssertEqual(rows.map { text($0.uri) }, ["/a", "/b", "/c"])
        XCTAssertEqual(rows.map(\.statusCode), [200, 200, 302])
        XCTAssertEqual(rows.map(\.responseBodyLength), [2, 0, 1])
    }

    func testChunkedBodyCountsChunkDataOnly() {
        // 5 + 3 bytes of data; sizes, extensions, CRLFs and the trailer are framing.
        let rows = run([
            (true, "GET / HTTP/1.1\r\nHost: h\r\n\r\n"),
            (false, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"),
            (false, "lo\r\n3;ext=1\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n"),
        ])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].responseBodyLength, 8)
        XCTAssertEqual(rows[0].responseBody, HTTPBodySpan(start: 50, end: 69))
    }

    func testChunkingNeedsHTTP11() {
        // An HTTP/1.0 reply's Transfer-Encoding is ignored: with Connection:
        // close the body runs to the end, every byte counted.
        let rows = run([
            (true, "GET / HTTP/1.0\r\n\r\n"),
            (false, "HTTP/1.0 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
        ])
        XCTAssertEqual(rows[0].responseBodyLength, 15)
    }

    func testUndelimitedReplyBodyIsCountedLineByLineWithCRLFAddedBack() {
        // No length, no chunking, no close: Zeek reads the body as lines and
        // counts each as its length plus 2; the last, unended line ends with the stream.
        let rows = run([
            (true, "GET / HTTP/1.1\r\nHost: h\r\n\r\n"),
            (false, "HTTP/1.1 200 OK\r\n\r\nabc\ndef"),
        ])
        XCTAssertEqual(rows[0].responseBodyLength, 10)
    }

    func testInterimResponseGoesToInfoColumns() {
        let rows = run([
            (true, "POST /up HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"),
            (false, "HTTP/1.1 100 Continue\r\n\r\n"),
            (true, "data"),
            (false, "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"),
        ])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].infoCode, 100)
        XCTAssertEqual(text(rows[0].infoMessage), "Continue")
        XCTAssertEqual(rows[0].statusCode, 201)
        XCTAssertEqual(text(rows[0].statusMessage), "Created")
        XCTAssertEqual(rows[0].requestBodyLength, 4)
        XCTAssertEqual(rows[0].responseBodyLength, 2)
    }

    func testHTTP09ReplyIsRawBodyAsInZeeksNoVersionBaseline() {
        // Zeek's scripts.base.protocols.http.no-version: the reply row has
        // version 0.9, code 0 and `<empty>`; the request message, still open
        // when the client's stream ends, makes a second, empty pair.
        let rows = run([(true, "GET /x.txt\r\n"), (false, "hello world")])
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(text(rows[0].method), "GET")
        XCTAssertEqual(text(rows[0].uri), "/x.txt")
        XCTAssertEqual(text(rows[0].version), "0.9")
        XCTAssertEqual(rows[0].statusCode, 0)
        XCTAssertEqual(text(rows[0].statusMessage), "<empty>")
        XCTAssertEqual(rows[0].responseBodyLength, 11)
        XCTAssertEqual(rows[1].depth, 2)
        XCTAssertNil(rows[1].method)
        XCTAssertNil(rows[1].statusCode)
    }

    func testConnectTurnsTheConnectionIntoATunnel() {
        let rows = run([
            (true, "CONNECT mail.example.com:25 HTTP/1.0\r\n\r\n"),
            (false, "HTTP/1.0 200 Connection established\r\n\r\n220 mail ESMTP\r\n"),
            (true, "EHLO me\r\nGET /not-http HTTP/1.1\r\n\r\n"),
        ])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(text(rows[0].method), "CONNECT")
        XCTAssertEqual(text(rows[0].uri), "mail.example.com:25")
        XCTAssertEqual(rows[0].statusCode, 200)
        XCTAssertEqual(rows[0].responseBodyLength, 0)
    }

    func testBasicAuthorizationGivesTheUserNeverThePassword() {
        // dXNlcjpwYXNz = "user:pass"; bm9jb2xvbg== = "nocolon".
        let rows = run([
            (true, "GET /1 HTTP/1.1\r\nAuthorization: Basic dXNlcjpwYXNz\r\n\r\n"),
            (false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
            (true, "GET /2 HTTP/1.1\r\nProxy-Authorization: BASIC bm9jb2xvbg==\r\n\r\n"),
            (false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
        ])
        XCTAssertEqual(text(rows[0].username), "user")
        XCTAssertNil(rows[0].password)
        XCTAssertEqual(text(rows[1].username), "<problem-decoding> (BASIC bm9jb2xvbg==)")
        XCTAssertNil(rows[1].password)
    }

    func testProxyHeadersAreUpperCasedNameArrowValue() {
        let rows = run([
            (true, "GET / HTTP/1.1\r\nx-forwarded-for: 1.2.3.4\r\nVia: 1.1 squid\r\nCookie: a=b\r\n\r\n"),
            (false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
        ])
        XCTAssertEqual(rows[0].proxied.map { text($0)! }, ["X-FORWARDED-FOR -> 1.2.3.4", "VIA -> 1.1 squid"])
        XCTAssertEqual(text(rows[0].cookie), "a=b")
        XCTAssertEqual(rows[0].requestHeaders.count, 3)
    }

    func testURIIsUnescapedAsZeekDoes() {
        // %20 → space; %u0041 → "A" (the 00 byte eaten); %%41 → the first % dropped, %41 → "A".
        let rows = run([(true, "GET /a%20b%u0041%%41 HTTP/1.1\r\n\r\n")])
        XCTAssertEqual(text(rows[0].uri), "/a bAA")
        XCTAssertEqual(text(rows[0].originalURI), "/a%20b%u0041%%41")
    }

    func testFoldedHeaderIsJoined() {
        let rows = run([(true, "GET / HTTP/1.1\r\nUser-Agent: one\r\n two\r\n\r\n")])
        XCTAssertEqual(text(rows[0].userAgent), "one two")
    }

    func testGapInsideALengthBodyIsCountedAndParsingGoesOn() {
        let session = HTTPSession()
        for (isOrig, chunk) in [(true, "GET / HTTP/1.1\r\n\r\n"), (false, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab")] {
            Array(chunk.utf8).withUnsafeBytes { session.deliver($0, isOrig: isOrig) }
        }
        session.gap(length: 5, isOrig: false)
        let rows = run([(false, "cde"), (true, "GET /next HTTP/1.1\r\n\r\n"),
                        (false, "HTTP/1.1 204 No Content\r\n\r\n")], session: session)
        XCTAssertEqual(rows.map(\.responseBodyLength), [10, 0])
        XCTAssertEqual(rows.map(\.statusCode), [200, 204])
        XCTAssertEqual(session.anomalies.counts["http.content_gap"], nil)
    }

    func testGapOutsideABodyStopsThatDirectionOnly() {
        let session = HTTPSession()
        Array("GET / HTTP/1.1\r\nHost: h".utf8).withUnsafeBytes { session.deliver($0, isOrig: true) }
        session.gap(length: 100, isOrig: true)
        let rows = run([(true, "\r\n\r\nGET /lost HTTP/1.1\r\n\r\n"),
                        (false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")], session: session)
        XCTAssertEqual(session.anomalies.counts["http.content_gap"], 1)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(text(rows[0].uri), "/")
        XCTAssertNil(rows[0].host, "the header line the gap cut off is lost")
        XCTAssertEqual(rows[0].statusCode, 200, "a reply not yet begun is still read")
    }

    func testResponseWithoutRequestIsCountedAndLogged() {
        let session = HTTPSession()
        let rows = run([(false, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc")], session: session)
        XCTAssertEqual(session.anomalies.counts["http.response_without_request"], 1)
        XCTAssertFalse(session.confirmed)
        XCTAssertEqual(rows.count, 1)
        XCTAssertNil(rows[0].method)
        XCTAssertEqual(rows[0].statusCode, 200)
        XCTAssertEqual(rows[0].responseBodyLength, 3)
    }

    func testBinaryGarbageIsAViolation() {
        let session = HTTPSession()
        let rows = run([(true, "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\r\n")], session: session)
        XCTAssertTrue(session.violated)
        XCTAssertEqual(session.anomalies.counts["http.bad_request_line"], 1)
        XCTAssertTrue(rows.isEmpty)
    }
}

@testable import OTSensorCore
import XCTest

/// Body lengths in the less common framings, worked by hand from Zeek's
/// HTTP_Entity: compressed bodies, multipart bodies read line by line, a
/// body cut short of its last CRLF, a huge chunk, and an upgrade.
final class HTTPBodyTests: XCTestCase {
    private func run(_ chunks: [(Bool, [UInt8])], session: HTTPSession = HTTPSession()) -> [HTTPTransaction] {
        for (isOrig, bytes) in chunks { bytes.withUnsafeBytes { session.deliver($0, isOrig: isOrig) } }
        session.finish()
        return session.table.takeWritten()
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testGzipBodyCountsTheDecompressedBytes() {
        // Python's gzip.compress(b"hello world, " * 20, mtime=0): 36 bytes for 260.
        let gzip: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9,
                             0x57, 0x28, 0xcf, 0x2f, 0xca, 0x49, 0xd1, 0x51, 0xc8, 0x18, 0x99, 0x1c, 0x00, 0xb0, 0x25,
                             0x2c, 0x6e, 0x04, 0x01, 0x00, 0x00]
        let rows = run([
            (true, bytes("GET /z HTTP/1.1\r\n\r\n")),
            (false, bytes("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 36\r\n\r\n") + Array(gzip[..<20])),
            (false, Array(gzip[20...])),
        ])
        XCTAssertEqual(rows[0].responseBodyLength, 260)
    }

    func testMultipartPartsEndLinesOnlyAtCRLF() {
        // Lines of 5, 40, 0, 7 ("one\ntwo": a lone LF does not end a line
        // inside a part) and 7 bytes, each counted with 2 for its CRLF: 69.
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\none\ntwo\r\n--XyZ--\r\n"
        XCTAssertEqual(body.utf8.count, 69)
        let rows = run([
            (true, bytes("POST /f HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
                         + "Content-Length: 69\r\n\r\n" + body + "GET /next HTTP/1.1\r\n\r\n")),
        ])
        XCTAssertEqual(rows.map(\.requestBodyLength), [69, 0])
        XCTAssertEqual(rows.map { $0.uri.map { String(decoding: $0, as: UTF8.self) } }, ["/f", "/next"])
    }

    func testBodyOfKnownLengthEndingInsideALineEndsThatLine() {
        // The length runs out inside "--XyZ--": the line is ended as if by
        // CRLF (Zeek's delivery size), closing the body: 5 + 0 + 3 + 7, plus 2 each.
        let session = HTTPSession()
        let rows = run([
            (true, bytes("POST /f HTTP/1.1\r\nContent-Type: multipart/mixed; boundary=XyZ\r\nContent-Length: 21\r\n\r\n")),
            (true, bytes("--XyZ\r\n\r\nabc\r\n--XyZ--")),
            (true, bytes("GET /next HTTP/1.1\r\n\r\n")),
        ], session: session)
        XCTAssertEqual(rows.map(\.requestBodyLength), [23, 0])
        XCTAssertEqual(session.anomalies.counts["http.line_without_crlf"], 1)
    }

    func testHugeChunkSizeCountsWhatArrives() {
        let rows = run([
            (true, bytes("GET / HTTP/1.1\r\n\r\n")),
            (false, bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7FFFFFFFFFFFFFFF\r\nabc")),
        ])
        XCTAssertEqual(rows[0].responseBodyLength, 3)
    }

    func testUpgradeEndsHTTPAndThe101PairIsWrittenAtTheEnd() {
        let rows = run([
            (true, bytes("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")),
            (false, bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")),
            (true, [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d] + bytes("\r\nGET /not-http HTTP/1.1\r\n\r\n")),
        ])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].statusCode, 101)
        XCTAssertEqual(rows[0].infoCode, 101)
    }
}

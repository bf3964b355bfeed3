@testable import OTSensorCore
import XCTest

/// http.log's file columns, fed by hand: each expectation is worked from
/// Zeek's http/entities.zeek and http/files.zeek (which entity becomes a
/// file, its handle, the name from its headers) and its file analysis (the
/// type from the first 4 KiB, once, when the file ends or fills them).
final class HTTPFilesTests: XCTestCase {
    private func run(_ chunks: [(Bool, [UInt8])], session: HTTPSession = HTTPSession()) -> [HTTPTransaction] {
        for (isOrig, bytes) in chunks { bytes.withUnsafeBytes { session.deliver($0, isOrig: isOrig) } }
        session.finish()
        return session.table.takeWritten()
    }

    private func run(_ chunks: [(Bool, String)]) -> [HTTPTransaction] {
        run(chunks.map { ($0.0, Array($0.1.utf8)) })
    }

    private func names(_ files: HTTPFiles) -> [String] { files.names.map { String(decoding: $0, as: UTF8.self) } }

    func testAResponseBodyIsOneTypedFileOfTheReplysEntity() {
        let rows = run([
            (true, "GET /page HTTP/1.1\r\nHost: h\r\n\r\n"),
            (false, "HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\n<html><p>hello</p></html>\n"),
        ])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].respFiles.ids, [.entity(isOrig: false, depth: 1, mimeDepth: 1)])
        XCTAssertEqual(rows[0].respFiles.mimeTypes, ["text/html"])
        XCTAssertEqual(rows[0].respFiles.names, [])
        XCTAssertEqual(rows[0].origFiles, HTTPFiles())
    }

    func testNoBodyBytesNoFile() {
        let rows = run([
            (true, "GET /a HTTP/1.1\r\nHost: h\r\n\r\nHEAD /b HTTP/1.1\r\nHost: h\r\n\r\n"),
            (false, "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n"),
        ])
        XCTAssertEqual(rows.map(\.respFiles.ids.count), [0, 0])
    }

    func testARequestBodyIsTheOriginatorsFileAndTooFewBytesHaveNoType() {
        let rows = run([
            (true, "POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\na=b&c"),
            (false, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
        ])
        XCTAssertEqual(rows[0].origFiles.ids, [.entity(isOrig: true, depth: 1, mimeDepth: 1)])
        // Five bytes: not the ten plain text needs, and nothing else matches.
        XCTAssertEqual(rows[0].origFiles.mimeTypes, [])
        XCTAssertEqual(rows[0].respFiles.ids, [.entity(isOrig: false, depth: 1, mimeDepth: 1)])
    }

    func testContentDispositionNamesTheFile() {
        let rows = run([
            (true, "GET /dl HTTP/1.1\r\nHost: h\r\n\r\n"),
            (false, "HTTP/1.1 200 OK\r\nContent-Disposition: attachment; filename=\"report 1.txt\"\r\n"
                + "Content-Length: 12\r\n\r\nplain text\r\n"),
        ])
        XCTAssertEqual(names(rows[0].respFiles), ["report 1.txt"])
        XCTAssertEqual(rows[0].respFiles.mimeTypes, ["text/plain"])
    }

    func testFilenameExtraction() {
        func name(_ header: String, _ value: String) -> String? {
            HTTPFilename.from(HTTPHeaderField(name: Array(header.utf8), value: Array(value.utf8)))
                .map { String(decoding: $0, as: UTF8.self) }
        }
        XCTAssertEqual(name("Content-Disposition", "attachment; filename=plain.bin"), "plain.bin")
        // RFC 5987 form: the charset and language are removed, the rest unescaped.
        XCTAssertEqual(name("content-disposition", "attachment; filename*=UTF-8''na%C3%AFve%20file.txt"),
                       "naïve file.txt")
        // The last `name=` wins (sub with a greedy `.*`), quotes end at the second quote.
        XCTAssertEqual(name("Content-Disposition", "form-data; name=\"upload\"; filename=\"a.txt\" extra"), "a.txt")
        XCTAssertEqual(name("Content-Type", "application/octet-stream; name = \"setup.exe\""), "setup.exe")
        XCTAssertNil(name("Content-Disposition", "inline"))
        XCTAssertNil(name("Content-Type", "text/html; charset=utf-8"))
        XCTAssertNil(name("X-Filename", "filename=a"))
    }

    func testTheOtherDirectionsEntityEndTakesThePairsCurrentEntity() {
        // Zeek's current_entity is one per pair: the request's body ending
        // deletes it while the reply's headers are still coming, so the reply's
        // Content-Disposition names nothing (weird missing_HTTP_entity).
        let session = HTTPSession()
        let rows = run([
            (true, Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n".utf8)),
            (false, Array("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n".utf8)),
            (true, Array("1234".utf8)),
            (false, Array("Content-Disposition: attachment; filename=\"test.txt\"\r\n\r\nfin".utf8)),
        ], session: session)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].respFiles.ids.count, 1)
        XCTAssertEqual(rows[0].respFiles.names, [])
        XCTAssertEqual(session.anomalies.counts["http.missing_entity"], 1)
    }

    func testMultipartPartsAreFilesOfTheirOwnWithTheirNames() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"f1\"; filename=\"a.txt\"\r\n\r\n"
            + "first part, plain text\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"f2\"; filename=\"b.html\"\r\n"
            + "Content-Type: text/html\r\n\r\n<html><body>x</body></html>\r\n"
            + "--XyZ--\r\n"
        let rows = run([
            (true, "POST /up HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n" + body),
            (false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
        ])
        // Entity 1 is the message, 2-4 its parts; the empty part brings no file.
        XCTAssertEqual(rows[0].origFiles.ids, [.entity(isOrig: true, depth: 1, mimeDepth: 2),
                                               .entity(isOrig: true, depth: 1, mimeDepth: 4)])
        XCTAssertEqual(names(rows[0].origFiles), ["a.txt", "b.html"])
        XCTAssertEqual(rows[0].origFiles.mimeTypes, ["text/plain", "text/html"])
    }

    func testCompressedBodiesAreTypedFromWhatTheyInflateTo() {
        let gzipped: [UInt8] = [
            0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xB3, 0xC9, 0x28, 0xC9, 0xCD, 0xB1, 0xB3, 0x49,
            0xCA, 0x4F, 0xA9, 0xB4, 0x4B, 0xCE, 0xCF, 0x2D, 0x28, 0x4A, 0x2D, 0x2E, 0x4E, 0x4D, 0x51, 0x28, 0x48, 0x4C,
            0x4F, 0xB5, 0xD1, 0x07, 0x8B, 0xDA, 0xE8, 0x83, 0x95, 0x70, 0x01, 0x00, 0x8B, 0x63, 0x08, 0xE8, 0x2A, 0x00,
            0x00, 0x00,
        ]
        let rows = run([
            (true, Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8)),
            (false, Array("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: \(gzipped.count)\r\n\r\n".utf8)
                + gzipped),
        ])
        // "<html><body>compressed page</body></html>\n" (python's gzip): html, not the gzip magic.
        XCTAssertEqual(rows[0].responseBodyLength, 42)
        XCTAssertEqual(rows[0].respFiles.mimeTypes, ["text/html"])
    }

    func testAnInterimResponseIsAnEntityOfThePair() {
        let rows = run([
            (true, "POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n"),
            (false, "HTTP/1.1 100 Continue\r\n\r\n"),
            (true, "hello world"),
            (false, "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nsome response"),
        ])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].respFiles.ids, [.entity(isOrig: false, depth: 1, mimeDepth: 2)])
        XCTAssertEqual(rows[0].origFiles.mimeTypes, ["text/plain"])
    }

    func testRangeResponsesAreNamedByTheirURLAndTypedOnlyFromTheResourcesStart() {
        let rows = run([
            (true, "GET /r HTTP/1.1\r\nHost: h\r\nRange: bytes=0-32\r\n\r\n"),
            (false, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-32/33\r\nContent-Length: 33\r\n\r\n"
                + "the whole resource in one range\r\n"),
            (true, "GET /r HTTP/1.1\r\nHost: h\r\nRange: bytes=0-9\r\n\r\n"),
            (false, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/33\r\nContent-Length: 10\r\n\r\n"
                + "the whole "),
            (true, "GET /s HTTP/1.1\r\nHost: h\r\nRange: bytes=100-149\r\n\r\n"),
            (false, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 100-149/5000\r\nContent-Length: 50\r\n\r\n"
                + String(repeating: "y", count: 50)),
            (true, "GET /t HTTP/1.1\r\nHost: h\r\nRange: bytes=0-19\r\n\r\n"),
            (false, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-19/5000\r\nContent-Length: 20\r\n\r\n"
                + String(repeating: "z", count: 20)),
        ])
        XCTAssertEqual(rows.count, 4)
        // The whole resource arrived: its size ends the file, which is typed.
        XCTAssertEqual(rows[0].respFiles.ids, [.range(host: Array("h".utf8), uri: Array("/r".utf8))])
        XCTAssertEqual(rows[0].respFiles.mimeTypes, ["text/plain"])
        // The same resource again on this connection: Zeek does not announce the file twice.
        XCTAssertEqual(rows[1].respFiles.ids, [])
        // A range from byte 100 never gives the file its beginning.
        XCTAssertEqual(rows[2].respFiles.ids, [.range(host: Array("h".utf8), uri: Array("/s".utf8))])
        XCTAssertEqual(rows[2].respFiles.mimeTypes, [])
        // From byte 0 but neither 4 KiB nor the whole resource: a 206's file is not
        // ended with its message, so it has no type yet when the pair is logged.
        XCTAssertEqual(rows[3].respFiles.mimeTypes, [])
    }

    func testAtMostFifteenFilesPerDirection() {
        var body = ""
        for i in 0..<17 {
            body += "--b\r\nContent-Disposition: attachment; filename=f\(i)\r\n\r\npart \(i) text body\r\n"
        }
        body += "--b--\r\n"
        let rows = run([
            (true, "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/mixed; boundary=b\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n" + body),
            (false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
        ])
        XCTAssertEqual(rows[0].origFiles.ids.count, 15)
        XCTAssertEqual(names(rows[0].origFiles), (0..<15).map { "f\($0)" })
        XCTAssertEqual(rows[0].origFiles.mimeTypes.count, 15)
    }

    func testAGapInsideTheBodyTypesTheFileFromWhatCameBefore() {
        let session = HTTPSession()
        let head = "GET / HTTP/1.1\r\nHost: h\r\n\r\n"
        Array(head.utf8).withUnsafeBytes { session.deliver($0, isOrig: true) }
        let reply = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n<html><head>"
        Array(reply.utf8).withUnsafeBytes { session.deliver($0, isOrig: false) }
        session.gap(length: 88, isOrig: false)
        session.finish()
        let rows = session.table.takeWritten()
        XCTAssertEqual(rows[0].respFiles.ids.count, 1)
        XCTAssertEqual(rows[0].respFiles.mimeTypes, ["text/html"])
        XCTAssertEqual(rows[0].responseBodyLength, 100)
    }

    func testFileIDsAreDistinctPerEntityAndSharedByARangeResource() {
        let connection = ConnectionUID.Words(first: 1, second: 2)
        let other = ConnectionUID.Words(first: 3, second: 4)
        func endpoints(client: UInt32) -> HTTPFileEndpoints {
            HTTPFileEndpoints(client: IPAddress(ipv4: client), server: IPAddress(ipv4: 0x0A00_0001), serverPort: 80)
        }
        let entities: [HTTPFileID] = [
            .entity(isOrig: true, depth: 1, mimeDepth: 1), .entity(isOrig: false, depth: 1, mimeDepth: 1),
            .entity(isOrig: false, depth: 2, mimeDepth: 1), .entity(isOrig: false, depth: 1, mimeDepth: 2),
        ]
        let fuids = entities.map { $0.fuid(connection: connection, endpoints: endpoints(client: 1), sliceSeed: 9) }
        XCTAssertEqual(Set(fuids).count, 4)
        for fuid in fuids { XCTAssertEqual(fuid.first, UInt8(ascii: "F")) }
        let range = HTTPFileID.range(host: Array("h".utf8), uri: Array("/big.iso".utf8))
        XCTAssertEqual(range.fuid(connection: connection, endpoints: endpoints(client: 1), sliceSeed: 9),
                       range.fuid(connection: other, endpoints: endpoints(client: 1), sliceSeed: 9))
        XCTAssertNotEqual(range.fuid(connection: connection, endpoints: endpoints(client: 1), sliceSeed: 9),
                          range.fuid(connection: connection, endpoints: endpoints(client: 2), sliceSeed: 9))
    }
}

import CaptureGenerator
import Foundation
@testable import OTSensorCore
import XCTest

/// http.log through the whole slice pipeline: bad input is counted in the
/// manifest while the rest of the slice is logged, both layouts, and the
/// same bytes whatever the thread count.
final class HTTPSliceTests: XCTestCase {
    private static let start: Int64 = 1_700_200_000

    private func connection(_ port: UInt16, _ offset: Int64, request: [UInt8], response: [UInt8]) -> [Packet] {
        HTTPTraffic.connection(clientPort: port, serverPort: 80,
                               exchanges: [HTTPTraffic.Exchange(request: request, responses: [response])],
                               start: CaptureTime(seconds: Self.start + offset))
    }

    /// A good exchange among every kind of bad input the issue lists.
    private func badInputCapture() -> [Packet] {
        let good = connection(40_001, 0, request: HTTPTraffic.request("GET", "/good", host: "good.example"),
                              response: HTTPTraffic.response(200, "OK", body: Array("fine".utf8)))
        let longLine = HTTPTraffic.request("GET", "/long", host: "long.example",
                                           headers: ["X-Big: " + String(repeating: "a", count: 1 << 20)])
        let long = connection(40_002, 1, request: longLine, response: HTTPTraffic.response(200, "OK", body: []))
        let chunkHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n"
        let negative = connection(40_003, 2, request: HTTPTraffic.request("GET", "/negative", host: "n.example"),
                                  response: Array((chunkHead + "-5\r\nrest").utf8))
        let huge = connection(40_004, 3, request: HTTPTraffic.request("GET", "/huge", host: "h.example"),
                              response: Array((chunkHead + "FFFFFFFFFFFFFFFFFF\r\nrest").utf8))
        var random = SplitMix64(seed: 80)
        let garbage = connection(40_005, 4, request: (0..<600).map { _ in UInt8(truncatingIfNeeded: random.next()) | 0x80 } + [13, 10],
                                 response: (0..<300).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        var orphan = TCPConversation(client: HTTPTraffic.client, clientPort: 40_006, server: HTTPTraffic.server,
                                     serverPort: 80, clock: PacketClock(start: CaptureTime(seconds: Self.start + 5)))
        orphan.syn()
        orphan.synAck()
        orphan.ack(from: .client)
        orphan.send(HTTPTraffic.response(503, "Busy", body: Array("later".utf8)), from: .server)
        orphan.fin(from: .server)
        orphan.fin(from: .client)
        return (good + long + negative + huge + garbage + orphan.packets).sorted { $0.time < $1.time }
    }

    func testAConnectionFirstSeenPastItsHandshakeIsNotReadFromItsFirstSegmentOn() throws {
        // Zeek's HTTP analyzer reads nothing of a partial connection (its first
        // packet no SYN), the first segment's request line included.
        var partial = TCPConversation(client: HTTPTraffic.client, clientPort: 40_100, server: HTTPTraffic.server,
                                      serverPort: 80, clock: PacketClock(start: CaptureTime(seconds: Self.start)))
        partial.send(HTTPTraffic.request("GET", "/late", host: "late.example"), from: .client)
        partial.send(HTTPTraffic.response(200, "OK", body: Array("ok".utf8)), from: .server)
        let run = try SliceLogHarness.native(partial.packets)
        XCTAssertEqual(DNSLogRows(run, file: "http.log").rows.count, 0)
        let conn = DNSLogRows(run, file: "conn.log").rows
        XCTAssertEqual(conn.count, 1)
        XCTAssertEqual(conn.first?["history"], "Dd")
        XCTAssertEqual(conn.first?["service"], "-")
    }

    func testBadInputIsCountedAndTheRestOfTheSliceIsLogged() throws {
        let run = try SliceLogHarness.native(badInputCapture())
        let rows = DNSLogRows(run, file: "http.log").rows
        let byURI = Dictionary(rows.map { ($0["uri"] ?? "", $0) }, uniquingKeysWith: { first, _ in first })

        XCTAssertEqual(byURI["/good"]?["status_code"], "200")
        XCTAssertEqual(byURI["/good"]?["response_body_len"], "4")
        XCTAssertEqual(byURI["/long"]?["host"], "long.example", "the 1 MB line is cut, the request still logged")
        XCTAssertEqual(byURI["/long"]?["status_code"], "200")
        XCTAssertEqual(byURI["/negative"]?["response_body_len"], "4", "a negative size ends the chunks")
        XCTAssertEqual(byURI["/huge"]?["response_body_len"], "4", "a size past 64 bits ends the chunks")
        let orphan = try XCTUnwrap(rows.first { $0["id.orig_p"] == "40006" })
        XCTAssertEqual(orphan["method"], "-")
        XCTAssertEqual(orphan["status_code"], "503")
        XCTAssertEqual(orphan["response_body_len"], "5")
        XCTAssertNil(rows.first { $0["id.orig_p"] == "40005" }, "garbage makes no row")
        XCTAssertEqual(rows.count, 5)

        XCTAssertEqual(run.anomalies["http.line_too_long"], 1)
        XCTAssertEqual(run.anomalies["http.negative_chunk_size"], 1)
        XCTAssertEqual(run.anomalies["http.bad_chunk_size"], 1)
        XCTAssertEqual(run.anomalies["http.bad_request_line"], 1)
        XCTAssertEqual(run.anomalies["http.response_without_request"], 1)

        let services = run.rows("conn.log").map { ($0[3], $0[7]) }
        XCTAssertTrue(services.contains { $0 == ("40001", "http") }, "\(services)")
        XCTAssertTrue(services.contains { $0 == ("40005", "-") }, "garbage is not http: \(services)")
    }

    func testHTTPLogIsIdenticalWithOneAndTwoThreads() throws {
        let packets = (HTTPTraffic.sampleCapture(start: Self.start) + badInputCapture()).sorted { $0.time < $1.time }
        try SliceLogHarness.assertThreadIndependent(packets, file: "http.log", format: .zeekTSV)
        try SliceLogHarness.assertThreadIndependent(packets, file: "http.log", format: .osect)
    }

    /// LOGS.md §6.7's worked example: Zeek's http-filename trace in the osect
    /// layout, every column but the uid (which depends on the slice).
    func testOsectRowIsTheWorkedExample() throws {
        let trace = try ThirdPartyTestData.capture("http/http-filename.pcap")
        let run = try SliceLogHarness.run(capture: trace, format: .osect, threads: 1)
        let expected = ["1445000735.104954", "*", "10.1.9.63", "63526", "54.175.222.246", "80", "1", "GET",
                        "httpbin.org", "/response-headers?Content-Type=application/octet-stream; charset=UTF-8"
                            + "&Content-Disposition=attachment; filename=\"test.json\"",
                        "-", "1.1", "curl/7.45.0", "-", "0", "191", "200", "OK", "-", "-", "(empty)", "-", "-", "-",
                        "6c:40:08:b4:fe:66", "00:30:18:c5:d1:19"]
        let rows = run.rows("http.log")
        XCTAssertEqual(rows.count, 1)
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(row.count, 26)
        for (index, (ours, theirs)) in zip(row, expected).enumerated() where theirs != "*" {
            XCTAssertEqual(ours, theirs, "column \(index + 1)")
        }
        XCTAssertTrue(run.files["http.log"]?.hasPrefix("#\n#\n#\n#\n#\n#\n#\n#\n") == true, "Z8 framing")
    }
}

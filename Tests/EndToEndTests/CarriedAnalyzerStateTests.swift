import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// Analyzer state carried with `--state`: a message, a transaction or a
/// detection cut by a slice boundary comes out as in one run over the whole
/// capture.
final class CarriedAnalyzerStateTests: CarriedStateTestCase {
    /// A DNS query at 59.9 s answered at 60.1 s, and one over TCP whose message
    /// is cut by the boundary: each is one dns.log row, as in one run.
    func testDNSQueriesAnsweredInTheNextSliceAreOneRow() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        var query = DNSMessageBuilder.query(id: 0x1234)
        query.question("plc.example", type: 1)
        var answer = DNSMessageBuilder.response(id: 0x1234)
        answer.question("plc.example", type: 1)
        answer.answer(encodedName: DNSMessageBuilder.pointer(to: DNSMessageBuilder.firstQuestionOffset), type: 1,
                      ttl: 300, data: [10, 0, 0, 2])
        var udp = UDPExchange(client: "10.0.0.5", clientPort: 40_053, server: "10.0.0.53", serverPort: 53, clock: at(59.9))
        udp.send(query.bytes, from: .client)
        udp.clock = at(60.1)
        udp.send(answer.bytes, from: .server)
        var tcp = TCPConversation(client: "10.0.0.5", clientPort: 40_054, server: "10.0.0.53", serverPort: 53,
                                  clock: at(50))
        tcp.syn(); tcp.synAck(); tcp.markEstablished(); tcp.ack(from: .client)
        tcp.send(query.tcpFramed, from: .client)
        tcp.clock = at(59.95)
        tcp.send(Array(answer.tcpFramed.prefix(7)), from: .server)
        tcp.clock = at(60.05)
        tcp.send(Array(answer.tcpFramed.dropFirst(7)), from: .server)
        tcp.fin(from: .client); tcp.fin(from: .server); tcp.ack(from: .client)
        try analyseWholeAndSliced(udp.packets + tcp.packets, minutes: 2, in: directory)
        let expected = withoutUIDs(try rows(directory.appendingPathComponent("one"), "dns.log"))
        XCTAssertEqual(expected.count, 2)
        XCTAssertTrue(expected.allSatisfy { $0.contains("plc.example") && $0.contains("10.0.0.2") }, "\(expected)")
        let sliced = try rows(directory.appendingPathComponent("out0"), "dns.log")
            + rows(directory.appendingPathComponent("out1"), "dns.log")
        XCTAssertEqual(withoutUIDs(sliced), expected)
    }

    /// A keep-alive HTTP connection polled once a minute across three slices:
    /// every request is logged, with trans_depth counting on, as in one run.
    func testKeepAliveHTTPAcrossSlicesLogsEveryRequest() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        var http = TCPConversation(client: "10.0.0.5", clientPort: 40_080, server: "10.0.0.80", serverPort: 80,
                                   clock: at(20))
        http.syn(); http.synAck(); http.markEstablished(); http.ack(from: .client)
        for (k, seconds) in [30.0, 90, 150].enumerated() {
            http.clock = at(seconds)
            http.send(Array("GET /status/\(k) HTTP/1.1\r\nHost: hmi\r\n\r\n".utf8), from: .client)
            http.send(Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nready".utf8), from: .server)
            http.ack(from: .client)
        }
        try analyseWholeAndSliced(http.packets, minutes: 3, in: directory)
        let expected = try rows(directory.appendingPathComponent("one"), "http.log")
        let fields = EndToEnd.tsvFields(try String(contentsOf: directory.appendingPathComponent("one/http.log"),
                                                   encoding: .utf8))
        let depth = try XCTUnwrap(fields.firstIndex(of: "trans_depth"))
        XCTAssertEqual(expected.map { $0[depth] }, ["1", "2", "3"])
        let sliced = try (0..<3).flatMap { try rows(directory.appendingPathComponent("out\($0)"), "http.log") }
        XCTAssertEqual(withoutUIDs(sliced), withoutUIDs(expected))
    }

    /// A UDP datagram whose two IPv4 fragments straddle the boundary is
    /// reassembled in the next slice, as in one run.
    func testFragmentsWaitingAtTheEndAreReassembledInTheNextSlice() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        var udp = UDPExchange(client: "10.0.0.5", clientPort: 40_514, server: "10.0.0.30", serverPort: 514,
                              clock: at(59.995))
        let datagram = IPv4Packet(source: "10.0.0.5", destination: "10.0.0.30",
                                  payload: udp.datagram(Array(repeating: 0x78, count: 2_000), from: .client),
                                  identification: 0x5150)
        for fragment in datagram.fragments(payloadSizes: [1_480]) {
            udp.path.emit(ipPacket: fragment, from: .client)
            udp.clock = at(60.005)
        }
        XCTAssertEqual(udp.packets.count, 2)
        let reports = try analyseWholeAndSliced(udp.packets, minutes: 2, in: directory)
        let expected = withoutUIDs(try rows(directory.appendingPathComponent("one"), "conn.log"))
        XCTAssertEqual(expected.count, 1)
        XCTAssertEqual(try rows(directory.appendingPathComponent("one"), "conn.log").first.map { [$0[16], $0[17]] },
                       ["1", "2028"], "one packet, the whole datagram: 20 + 8 + 2000 bytes")
        XCTAssertEqual(reports.map(\.manifest.counts.reassembledDatagrams), [0, 1])
        XCTAssertEqual(try rows(directory.appendingPathComponent("out0"), "conn.log").count, 0)
        let sliced = try rows(directory.appendingPathComponent("out1"), "conn.log")
            + rows(directory.appendingPathComponent("out1"), "conn_long.log")
        XCTAssertEqual(withoutUIDs(sliced), expected)
    }

    /// HTTP found by content on port 8999, its request before the boundary and
    /// its reply after it: the request waits in the carried session and pairs
    /// with the reply, as in one run.
    func testHTTPRequestAnsweredInTheNextSliceIsOnePair() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        var http = TCPConversation(client: "10.0.0.5", clientPort: 40_081, server: "10.0.0.80", serverPort: 8999,
                                   clock: at(59.9))
        http.syn(); http.synAck(); http.markEstablished(); http.ack(from: .client)
        http.send(Array("GET /data HTTP/1.1\r\nHost: hmi\r\n\r\n".utf8), from: .client)
        http.clock = at(60.1)
        http.send(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8), from: .server)
        http.fin(from: .client); http.fin(from: .server); http.ack(from: .client)
        try analyseWholeAndSliced(http.packets, minutes: 2, in: directory)
        let expected = try rows(directory.appendingPathComponent("one"), "http.log")
        XCTAssertEqual(expected.count, 1)
        XCTAssertEqual(try rows(directory.appendingPathComponent("one"), "conn.log").first?[7], "http")
        let sliced = try rows(directory.appendingPathComponent("out0"), "http.log")
            + rows(directory.appendingPathComponent("out1"), "http.log")
        XCTAssertEqual(withoutUIDs(sliced), withoutUIDs(expected))
        XCTAssertEqual(try (rows(directory.appendingPathComponent("out1"), "conn.log")
                            + rows(directory.appendingPathComponent("out1"), "conn_long.log")).first?[7], "http")
    }

    /// Content detection goes on across the boundary with what it kept: FTP on
    /// port 2121, whose server signature (Zeek's dpd_ftp_server) needs the
    /// greeting and the 331 after the client's USER, the 331 coming in the next
    /// slice, is found as in one run.
    func testContentDetectionMatchesAcrossTheBoundary() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        var ftp = TCPConversation(client: "10.0.0.5", clientPort: 40_021, server: "10.0.0.21", serverPort: 2121,
                                  clock: at(59.9))
        ftp.syn(); ftp.synAck(); ftp.markEstablished(); ftp.ack(from: .client)
        ftp.send(Array("220 plant file server ready\r\n".utf8), from: .server)
        ftp.send(Array("USER operator\r\n".utf8), from: .client)
        ftp.clock = at(60.1)
        ftp.send(Array("331 Password required for operator\r\n".utf8), from: .server)
        ftp.send(Array("PASS secret\r\n".utf8), from: .client)
        ftp.send(Array("230 Logged in\r\n".utf8), from: .server)
        try analyseWholeAndSliced(ftp.packets, minutes: 2, in: directory)
        XCTAssertEqual(try rows(directory.appendingPathComponent("one"), "conn.log").first?[7], "ftp")
        XCTAssertEqual(try (rows(directory.appendingPathComponent("out1"), "conn.log")
                            + rows(directory.appendingPathComponent("out1"), "conn_long.log")).first?[7], "ftp")
    }

    /// HTTP bodies cut by the boundary, one of known length and one chunked
    /// with the cut inside a chunk: each reply is counted whole, as in one run.
    func testHTTPBodiesCutByTheBoundaryAreCountedWhole() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        var http = TCPConversation(client: "10.0.0.5", clientPort: 40_082, server: "10.0.0.80", serverPort: 80,
                                   clock: at(59.9))
        http.syn(); http.synAck(); http.markEstablished(); http.ack(from: .client)
        http.send(Array("GET /trend.csv HTTP/1.1\r\nHost: hmi\r\n\r\n".utf8), from: .client)
        let body = Array(repeating: UInt8(ascii: "7"), count: 3_000)
        http.send(Array("HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n".utf8) + body.prefix(1_000), from: .server)
        http.clock = at(60.1)
        http.send(Array(body.dropFirst(1_000)), from: .server)
        http.send(Array("GET /log HTTP/1.1\r\nHost: hmi\r\n\r\n".utf8), from: .client)
        let chunk = Array(repeating: UInt8(ascii: "x"), count: 500)
        let chunked = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1f4\r\n".utf8) + chunk
            + Array("\r\n1f4\r\n".utf8) + chunk + Array("\r\n0\r\n\r\n".utf8)
        http.clock = at(119.9)
        http.send(Array(chunked.prefix(300)), from: .server)
        http.clock = at(120.1)
        http.send(Array(chunked.dropFirst(300)), from: .server)
        http.ack(from: .client)
        try analyseWholeAndSliced(http.packets, minutes: 3, in: directory)
        let text = try String(contentsOf: directory.appendingPathComponent("one/http.log"), encoding: .utf8)
        let length = try XCTUnwrap(EndToEnd.tsvFields(text).firstIndex(of: "response_body_len"))
        let expected = try rows(directory.appendingPathComponent("one"), "http.log")
        XCTAssertEqual(expected.map { $0[length] }, ["3000", "1000"])
        let sliced = try (0..<3).flatMap { try rows(directory.appendingPathComponent("out\($0)"), "http.log") }
        XCTAssertEqual(withoutUIDs(sliced), withoutUIDs(expected))
    }

    /// A gzip body cut by the boundary is inflated again from its start in the
    /// next slice: the reply counts its whole uncompressed size, as in one run.
    func testCompressedHTTPBodyCutByTheBoundaryIsCountedWhole() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let plain = Array(repeating: UInt8(ascii: "7"), count: 3_000) + (0..<4).flatMap { _ in (0...255).map(UInt8.init) }
        let plainFile = directory.appendingPathComponent("body")
        try Data(plain).write(to: plainFile)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-c", "-n", plainFile.path]
        let pipe = Pipe()
        gzip.standardOutput = pipe
        try gzip.run()
        let compressed = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
        gzip.waitUntilExit()
        XCTAssertEqual(gzip.terminationStatus, 0)
        var http = TCPConversation(client: "10.0.0.5", clientPort: 40_083, server: "10.0.0.80", serverPort: 80,
                                   clock: at(59.9))
        http.syn(); http.synAck(); http.markEstablished(); http.ack(from: .client)
        http.send(Array("GET /trend HTTP/1.1\r\nHost: hmi\r\n\r\n".utf8), from: .client)
        http.send(Array("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: \(compressed.count)\r\n\r\n".utf8)
                  + compressed.prefix(compressed.count / 2), from: .server)
        http.clock = at(60.1)
        http.send(Array(compressed.dropFirst(compressed.count / 2)), from: .server)
        http.ack(from: .client)
        try analyseWholeAndSliced(http.packets, minutes: 2, in: directory)
        let text = try String(contentsOf: directory.appendingPathComponent("one/http.log"), encoding: .utf8)
        let length = try XCTUnwrap(EndToEnd.tsvFields(text).firstIndex(of: "response_body_len"))
        let expected = try rows(directory.appendingPathComponent("one"), "http.log")
        XCTAssertEqual(expected.map { $0[length] }, ["\(plain.count)"])
        let sliced = try (0..<2).flatMap { try rows(directory.appendingPathComponent("out\($0)"), "http.log") }
        XCTAssertEqual(withoutUIDs(sliced), withoutUIDs(expected))
    }

}

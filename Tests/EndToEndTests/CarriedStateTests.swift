import CaptureGenerator
import Foundation
@testable import OTSensorCore
import XCTest

/// `--state`: four one-minute slices of one generated capture stream, analysed
/// one after another with carried state, give the conn.log of one run over
/// the whole capture (Zeek's view of the stream), uids aside.
final class CarriedStateTests: XCTestCase {
    private static let start: Int64 = 1_700_000_000

    /// Four minutes of traffic built so that connections cross the slice
    /// boundaries in every way that matters:
    ///   A  TCP 40000→5020, polled every 5 s from 1 s to 220 s, closed with FINs at 221 s
    ///   B  TCP 40001→5020, opened at 100 s, data every 10 s, still open at the end
    ///   C  UDP 7000, a request at 59.9 s and its answer at 60.1 s
    ///   D  UDP 7001 at 30 and 31 s, then the same ports again at 150 s (a new connection)
    ///   E  UDP 7002 at 100 and 110 s, idle after
    ///   F  a short TCP connection in every minute
    ///   G  an ICMP echo request at 119.5 s answered at 120.5 s
    /// A clock at `seconds` after the capture's start, 1 ms a packet.
    private func at(_ seconds: Double) -> PacketClock {
        PacketClock(start: CaptureTime(seconds: Self.start).advanced(byNanoseconds: Int64(seconds * 1e9)),
                    step: 1_000_000)
    }

    private func writeSlices(into directory: URL) throws -> (whole: URL, slices: [URL]) {
        var packets: [Packet] = []
        var a = TCPConversation(client: "10.0.0.1", clientPort: 40_000, server: "10.0.0.2", serverPort: 5020, clock: at(1))
        a.syn(); a.synAck(); a.markEstablished(); a.ack(from: .client)
        for poll in stride(from: 5.0, through: 220, by: 5) {
            a.clock = at(poll)
            a.send(Array(repeating: 1, count: 20), from: .client)
            a.send(Array(repeating: 2, count: 40), from: .server)
        }
        a.clock = at(221)
        a.fin(from: .client); a.fin(from: .server); a.ack(from: .client)
        packets += a.packets

        var b = TCPConversation(client: "10.0.0.3", clientPort: 40_001, server: "10.0.0.2", serverPort: 5020, clock: at(100))
        b.syn(); b.synAck(); b.markEstablished(); b.ack(from: .client)
        for poll in stride(from: 110.0, through: 235, by: 10) {
            b.clock = at(poll)
            b.send(Array(repeating: 3, count: 10), from: .client)
            b.ack(from: .server)
        }
        packets += b.packets

        var c = UDPExchange(client: "10.0.0.5", clientPort: 7000, server: "10.0.0.6", serverPort: 7000, clock: at(59.9))
        c.send([1, 2, 3], from: .client)
        c.clock = at(60.1)
        c.send([4, 5, 6, 7], from: .server)
        packets += c.packets

        for (seconds, port) in [(30.0, UInt16(7001)), (31, 7001), (150, 7001), (100, 7002), (110, 7002)] {
            var d = UDPExchange(client: "10.0.0.7", clientPort: port, server: "10.0.0.8", serverPort: port,
                                clock: at(seconds))
            d.send([9], from: .client)
            packets += d.packets
        }
        for (k, seconds) in [10.0, 70, 130, 190].enumerated() {
            var f = TCPConversation(client: "10.0.1.1", clientPort: 50_000 + UInt16(k), server: "10.0.0.2",
                                    serverPort: 80, clock: at(seconds))
            f.syn(); f.synAck(); f.markEstablished(); f.ack(from: .client)
            f.send(Array("GET / HTTP/1.0\r\n\r\n".utf8), from: .client)
            f.fin(from: .client); f.fin(from: .server); f.ack(from: .client)
            packets += f.packets
        }
        var g = ICMPEcho(client: "10.0.0.9", server: "10.0.0.2")
        g.path.clock = at(119.5)
        g.request()
        g.path.clock = at(120.5)
        g.reply()
        packets += g.path.packets
        return try write(packets, minutes: 4, into: directory)
    }

    /// Writes `packets` whole and cut into `minutes` one-minute slices from the capture's start.
    private func write(_ packets: [Packet], minutes: Int, into directory: URL) throws -> (whole: URL, slices: [URL]) {
        let whole = directory.appendingPathComponent("whole.pcap")
        try Capture(packets).timeOrdered().write(to: whole.path)
        let slices = try (0..<minutes).map { minute in
            let from = CaptureTime(seconds: Self.start + Int64(60 * minute))
            let to = CaptureTime(seconds: Self.start + Int64(60 * (minute + 1)))
            let url = directory.appendingPathComponent("slice\(minute).pcap")
            try Capture(packets.filter { $0.time >= from && $0.time < to }).timeOrdered().write(to: url.path)
            return url
        }
        return (whole, slices)
    }

    @discardableResult
    private func analyse(_ input: URL, out: URL, state: URL?, threads: Int = 2,
                         limits: CarriedStateLimits = CarriedStateLimits(), format: LogFormat = .zeekTSV) throws
        -> SliceReport {
        var options = SliceOptions(inputPath: input.path, outputPath: out.path, threads: threads, format: format,
                                   localNetworks: LocalNetworks(networks: nil))
        options.stateDirectory = state?.path
        options.stateLimits = limits
        let report = try SliceProcessor(options: options).run()
        ManifestSchema.validate(out.appendingPathComponent("manifest.json"))
        return report
    }

    private func rows(_ directory: URL, _ log: String) throws -> [[String]] {
        EndToEnd.tsvRows(try String(contentsOf: directory.appendingPathComponent(log), encoding: .utf8))
    }

    /// Rows without their uid (column 2), sorted: uids of connections that
    /// start in a later slice come from that slice's input.
    private func withoutUIDs(_ rows: [[String]]) -> [String] {
        rows.map { row in (row.prefix(1) + row.dropFirst(2)).joined(separator: "\t") }.sorted()
    }

    /// The whole capture into `one`, and its slices in order with one state
    /// directory into `out0`...`out3`.
    private func analyseStream(limits: CarriedStateLimits = CarriedStateLimits()) throws
        -> (directory: URL, reports: [SliceReport]) {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (whole, slices) = try writeSlices(into: directory)
        try analyse(whole, out: directory.appendingPathComponent("one"), state: nil)
        let reports = try slices.enumerated().map { k, slice in
            try analyse(slice, out: directory.appendingPathComponent("out\(k)"),
                        state: directory.appendingPathComponent("state"), limits: limits)
        }
        return (directory, reports)
    }

    /// Writes `packets` (see `write`); analyses the whole capture without
    /// state into `one` and the slices in order, with one state directory, into
    /// `out0`...
    @discardableResult
    private func analyseWholeAndSliced(_ packets: [Packet], minutes: Int, in directory: URL) throws -> [SliceReport] {
        let (whole, slices) = try write(packets, minutes: minutes, into: directory)
        try analyse(whole, out: directory.appendingPathComponent("one"), state: nil)
        return try slices.enumerated().map { k, slice in
            try analyse(slice, out: directory.appendingPathComponent("out\(k)"), state: directory.appendingPathComponent("state"))
        }
    }

    func testSlicesWithCarriedStateEqualOneRunOverTheWholeCapture() throws {
        let (directory, reports) = try analyseStream()
        let expected = withoutUIDs(try rows(directory.appendingPathComponent("one"), "conn.log"))
        var sliced: [[String]] = []
        for k in 0..<4 { sliced += try rows(directory.appendingPathComponent("out\(k)"), "conn.log") }
        let stillOpen = try rows(directory.appendingPathComponent("out3"), "conn_long.log")
        XCTAssertEqual(withoutUIDs(sliced + stillOpen), expected)
        XCTAssertEqual(expected.count, 11, "A, B, C, two D, E, four F, G")

        // A is written once, in the slice where it closes, from its first packet, with one uid throughout.
        let firstLong = try rows(directory.appendingPathComponent("out0"), "conn_long.log")
        let aUID = try XCTUnwrap(firstLong.first { $0[3] == "40000" }?[1])
        let aRows = sliced.filter { $0[3] == "40000" }
        XCTAssertEqual(aRows.count, 1)
        XCTAssertEqual(aRows.first?[1], aUID)
        XCTAssertEqual(aRows.first?[0], "\(Self.start + 1).000000")
        XCTAssertTrue(try rows(directory.appendingPathComponent("out3"), "conn.log").contains { $0[1] == aUID })
        XCTAssertEqual(stillOpen.map { $0[3] }, ["40001"], "B is the one connection open at the end")

        let states = reports.map { $0.manifest.state }
        XCTAssertEqual(states.map { $0?.loaded }, [0, states[0]?.saved, states[1]?.saved, states[2]?.saved])
        XCTAssertEqual(states.last??.saved, 1)
        XCTAssertTrue(reports.allSatisfy { $0.manifest.warnings.isEmpty }, "\(reports.map(\.manifest.warnings))")
    }

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

    /// `--layout osect`: a long connection is reported as the existing sensor's
    /// conn_long rows, one per poll (every 60 s from its first packet) at which
    /// it has lasted 60 s, with the counters' increase since the row before and
    /// ts = the poll, then a last row with the traffic after the last poll,
    /// which the shipped sensor lost. Values worked by hand for A (see
    /// `writeSlices`): polls at 61 s (lasted 59.001 s: no row), 121 s and 181 s.
    func testOsectLayoutReportsLongConnectionsPerPollWithoutLosingTheirEnd() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (whole, slices) = try writeSlices(into: directory)
        try analyse(whole, out: directory.appendingPathComponent("one"), state: directory.appendingPathComponent("s1"),
                    format: .osect)
        for (k, slice) in slices.enumerated() {
            try analyse(slice, out: directory.appendingPathComponent("out\(k)"),
                        state: directory.appendingPathComponent("s2"), format: .osect)
        }
        let sliced = try (0..<4).flatMap { try rows(directory.appendingPathComponent("out\($0)"), "conn.log") }
        XCTAssertEqual(withoutUIDs(sliced), withoutUIDs(try rows(directory.appendingPathComponent("one"), "conn.log")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out0/conn_long.log").path))

        let a = sliced.filter { $0[3] == "40000" }.sorted { $0[0] < $1[0] }
        XCTAssertEqual(a.map { $0[0] }.prefix(2), ["\(Self.start + 121).000000", "\(Self.start + 181).000000"])
        // orig_bytes, resp_bytes, orig_pkts, resp_pkts: 24 polls and the handshake by 121 s, then 12 polls,
        // then 8 polls and the FIN exchange.
        XCTAssertEqual(a.map { [$0[9], $0[10], $0[16], $0[18]] },
                       [["480", "960", "26", "25"], ["240", "480", "12", "12"], ["160", "320", "10", "9"]])
        let removed = try XCTUnwrap(Double(try XCTUnwrap(a.last)[0]))
        XCTAssertTrue((Double(Self.start) + 226...Double(Self.start) + 226.01).contains(removed),
                      "the last row at its removal, tcp_close_delay after the FINs: \(removed)")
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

    func testThreadCountChangesNeitherLogsNorStateFile() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (_, slices) = try writeSlices(into: directory)
        for threads in [1, 2] {
            for (k, slice) in slices.enumerated() {
                try analyse(slice, out: directory.appendingPathComponent("t\(threads)-\(k)"),
                            state: directory.appendingPathComponent("state\(threads)"), threads: threads)
            }
        }
        for k in 0..<4 {
            for log in ["conn.log", "conn_long.log"] {
                XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("t1-\(k)/\(log)")),
                               try Data(contentsOf: directory.appendingPathComponent("t2-\(k)/\(log)")), "slice \(k) \(log)")
            }
        }
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("state1/carried.state")),
                       try Data(contentsOf: directory.appendingPathComponent("state2/carried.state")))
    }

    /// A lost slice is no error: E, idle since 110 s, has timed out when the
    /// slice after the gap starts at 180 s, and is written there with its uid.
    func testConnectionsTimeOutAcrossALostSlice() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (_, slices) = try writeSlices(into: directory)
        let state = directory.appendingPathComponent("state")
        for k in [0, 1, 3] { try analyse(slices[k], out: directory.appendingPathComponent("out\(k)"), state: state) }
        let eUID = try XCTUnwrap(try rows(directory.appendingPathComponent("out1"), "conn_long.log")
            .first { $0[3] == "7002" }?[1])
        let last = try rows(directory.appendingPathComponent("out3"), "conn.log")
        let e = try XCTUnwrap(last.first { $0[1] == eUID })
        XCTAssertEqual(e[0], "\(Self.start + 100).000000")
        XCTAssertEqual(e[8], "10.000000", "E's duration: its packets at 100 s and 110 s")
        XCTAssertTrue(try rows(directory.appendingPathComponent("out3"), "conn_long.log").allSatisfy { $0[1] != eUID })
    }

    /// Two slices of one stream never run at once: the second waits for the
    /// stream's lock (cron starting a minute while the last one runs).
    func testASliceWaitsForTheStreamsLock() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (_, slices) = try writeSlices(into: directory)
        let state = directory.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        var held: SpoolLock? = try XCTUnwrap(SpoolLock.acquire(state.appendingPathComponent("lock")))
        let out = directory.appendingPathComponent("out")
        let process = Process()
        process.executableURL = try EndToEnd.processSliceBinary()
        process.arguments = [slices[0].path, "--out", out.path, "--state", state.path, "--no-progress"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertTrue(process.isRunning, "the slice waits while the stream's lock is held")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        withExtendedLifetime(held) {}
        held = nil
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let manifest = try EndToEnd.readManifest(out)
        let warnings = try XCTUnwrap(manifest["warnings"] as? [String])
        XCTAssertTrue(warnings.contains { $0.hasPrefix("waited ") && $0.contains("another slice of this stream") },
                      "\(warnings)")
    }

    private func warnings(_ report: SliceReport) -> String { report.manifest.warnings.joined(separator: "\n") }

    /// Each way a state file can be unusable gives the stateless slice and a
    /// warning that names the reason.
    func testUnusableStateFilesGiveStatelessSlicesWithAWarning() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (_, slices) = try writeSlices(into: directory)
        try analyse(slices[1], out: directory.appendingPathComponent("stateless"), state: nil)
        let stateless = try rows(directory.appendingPathComponent("stateless"), "conn.log").map { $0.joined() }.sorted()
        // With --state, the connections open at the end are in conn_long.log instead of conn.log.
        func written(_ name: String) throws -> [String] {
            let out = directory.appendingPathComponent(name)
            return try (rows(out, "conn.log") + rows(out, "conn_long.log")).map { $0.joined() }.sorted()
        }
        let state = directory.appendingPathComponent("state")
        let file = state.appendingPathComponent("carried.state")
        try analyse(slices[0], out: directory.appendingPathComponent("first"), state: state)
        let good = try Data(contentsOf: file)

        var damaged = good
        damaged[damaged.count / 2] ^= 0xFF
        let truncated = good.prefix(12)
        let foreign = try XCTUnwrap(CarriedStateFile.read(directory: state.path, configuration: nil))
        let cases: [(String, () throws -> Void, String)] = [
            ("damaged", { try damaged.write(to: file) }, "does not match its checksum"),
            ("truncated", { try truncated.write(to: file) }, "damaged"),
            ("foreign", {
                try CarriedStateFile(configuration: "otsensor 0.0.1; analyzers none", lastPacket: foreign.lastPacket,
                                     savedAfterInput: foreign.savedAfterInput, records: foreign.records)
                    .write(directory: state.path)
            }, "another otsensor version"),
        ]
        for (name, prepare, reason) in cases {
            try prepare()
            let report = try analyse(slices[1], out: directory.appendingPathComponent(name), state: state)
            XCTAssertTrue(warnings(report).contains(reason), "\(name): \(warnings(report))")
            XCTAssertEqual(report.manifest.state?.started, "without state", name)
            XCTAssertEqual(report.manifest.state?.loaded, 0, name)
            XCTAssertEqual(try written(name), stateless, name)
        }

        // Out of order: the state now follows slice 1; slice 0 starts before its last packet.
        let report = try analyse(slices[0], out: directory.appendingPathComponent("again"), state: state)
        XCTAssertTrue(warnings(report).contains("slices given out of order"), warnings(report))
        XCTAssertEqual(try written("again"), try written("first"))
    }

    /// Past the state file's limit the longest idle connections are written
    /// as if they had ended: nothing is lost, every packet is still counted.
    func testConnectionsPastTheLimitAreWrittenNotLost() throws {
        let (directory, reports) = try analyseStream(limits: CarriedStateLimits(connections: 1))
        XCTAssertTrue(reports.allSatisfy { ($0.manifest.state?.saved ?? 0) <= 1 })
        XCTAssertGreaterThan(reports[0].manifest.state?.evicted ?? 0, 0)
        XCTAssertTrue(warnings(reports[0]).contains("did not fit the state file's limits"), warnings(reports[0]))
        func packets(_ rows: [[String]]) -> Int { rows.reduce(0) { $0 + Int($1[16])! + Int($1[18])! } }
        var sliced: [[String]] = []
        for k in 0..<4 { sliced += try rows(directory.appendingPathComponent("out\(k)"), "conn.log") }
        sliced += try rows(directory.appendingPathComponent("out3"), "conn_long.log")
        XCTAssertEqual(packets(sliced), packets(try rows(directory.appendingPathComponent("one"), "conn.log")))
    }
}

import CaptureGenerator
@testable import OTSensorCore
import XCTest

// Hostile and broken DNS: the bad name or record is skipped and counted by
// reason, nothing crashes or loops, and the rest of the slice is logged. A
// transaction whose question could not be read is still a transaction (Zeek
// logs it from its header): it is written without the unreadable parts.
final class DNSRobustnessTests: XCTestCase {
    private func parse(_ bytes: [UInt8]) throws -> DNSMessage {
        try bytes.withUnsafeBytes { raw throws(DNSParseError) in try DNSMessage(parsing: raw) }
    }

    func testPointerToItselfIsALoop() throws {
        var query = DNSMessageBuilder.query(id: 1)
        query.question(encodedName: DNSMessageBuilder.pointer(to: 12), type: 1)   // the name at 12 points at 12
        let message = try parse(query.bytes)
        XCTAssertEqual(message.failure, .nameLoop)
        XCTAssertEqual(message.questions, [])
    }

    func testPointerForwardIsALoop() throws {
        var query = DNSMessageBuilder.query(id: 1)
        query.question(encodedName: DNSMessageBuilder.pointer(to: 20), type: 1)
        query.appendRaw(DNSMessageBuilder.encode("later"))
        XCTAssertEqual(try parse(query.bytes).failure, .nameLoop)
    }

    /// 22 pointers, each to the one before it: a chain deeper than 20. The
    /// chain sits in the RDATA of a record of a type Zeek does not parse; the
    /// next record's owner is the chain's last pointer.
    func testLongPointerChainIsCut() throws {
        var response = DNSMessageBuilder.response(id: 1)
        response.question("a.example", type: 1)   // 12..<27
        let chainStart = response.nextAnswerOffset + 12
        var chain: [UInt8] = []
        var previous = 12
        for _ in 0..<22 {
            let here = chainStart + chain.count
            chain += DNSMessageBuilder.pointer(to: previous)
            previous = here
        }
        response.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: 65_280, ttl: 1, data: chain)
        response.answer(encodedName: DNSMessageBuilder.pointer(to: previous), type: 1, ttl: 1, data: [1, 2, 3, 4])
        let message = try parse(response.bytes)
        XCTAssertEqual(message.failure, .nameChainTooDeep)
        XCTAssertEqual(message.answers.map { String(decoding: $0.reply, as: UTF8.self) }, ["<unknown type=65280>"])
    }

    func testLabelPastTheEnd() throws {
        var query = DNSMessageBuilder.query(id: 1)
        query.questionCount = 1
        query.appendRaw([40] + Array("short".utf8))
        XCTAssertEqual(try parse(query.bytes).failure, .labelPastEnd)
    }

    func testLongLabelAndLongName() throws {
        var query = DNSMessageBuilder.query(id: 1)
        query.question(encodedName: [64] + [UInt8](repeating: 0x61, count: 64) + [0], type: 1)
        XCTAssertEqual(try parse(query.bytes).failure, .labelTooLong)
        // Nine 63-byte labels: 576 bytes with their dots, over Zeek's 512.
        var long = DNSMessageBuilder.query(id: 1)
        long.question(encodedName: Array(repeating: [63] + [UInt8](repeating: 0x62, count: 63), count: 9).flatMap { $0 } + [0],
                      type: 1)
        XCTAssertEqual(try parse(long.bytes).failure, .nameTooLong)
    }

    /// An answer whose RDLENGTH runs past the end: the answer before it is kept.
    func testTruncatedRecordKeepsEarlierAnswers() throws {
        var response = DNSMessageBuilder.response(id: 1)
        response.question("a.example", type: 1)
        response.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: 1, ttl: 1, data: [1, 2, 3, 4])
        response.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: 1, ttl: 1, data: [5, 6], rdLength: 4)
        let message = try parse(response.bytes)
        XCTAssertEqual(message.failure, .recordTruncated)
        XCTAssertEqual(message.answers.map { String(decoding: $0.reply, as: UTF8.self) }, ["1.2.3.4"])
        XCTAssertFalse(message.confirmsProtocol)
    }

    func testShortMessageAndUnknownOpcode() throws {
        XCTAssertThrowsError(try parse([0, 1, 0, 0])) { XCTAssertEqual($0 as? DNSParseError, .truncatedHeader) }
        let status = DNSMessageBuilder(id: 1, flags: 0x1000)   // opcode 2 (STATUS)
        XCTAssertThrowsError(try parse(status.bytes)) { XCTAssertEqual($0 as? DNSParseError, .unsupportedOpcode) }
    }

    /// 200 questions: not DNS. The connection is given up (a later, valid
    /// query on it is not read), counted, and another connection's
    /// transaction is logged as usual.
    func testTwoHundredQuestionsGiveUpTheConnectionOnly() throws {
        var flood = DNSMessageBuilder.query(id: 66)
        for index in 0..<200 { flood.question("h\(index).example", type: 1) }
        var bad = DNSScenario.udp(clientPort: 40_100)
        bad.send(flood.bytes, from: .client)
        bad.send(DNSScenario.exampleQuery(id: 67), from: .client)
        var good = DNSScenario.udp(clientPort: 40_200)
        good.send(DNSScenario.exampleQuery(), from: .client)
        good.send(DNSScenario.exampleResponse(), from: .server)
        let run = try SliceLogHarness.native(bad.packets + good.packets)
        XCTAssertEqual(run.anomalies["dns.too_many_questions"], 1)
        let rows = DNSLogRows(run)
        XCTAssertEqual(try rows.row(transID: 0x1234)["answers"], "web.example.com,93.184.216.34")
        XCTAssertEqual(rows.rows.filter { $0["trans_id"] == "67" }.count, 0)
        // Zeek still logs the flood's header-only transaction: no question was read.
        XCTAssertEqual(try rows.row(transID: 66)["query"], "-")
    }

    /// Every broken message of the tests above on one connection, then a good
    /// transaction: each is counted by its reason and the good one is logged whole.
    func testBrokenMessagesAreCountedAndTheRestIsLogged() throws {
        var loop = DNSMessageBuilder.query(id: 101)
        loop.question(encodedName: DNSMessageBuilder.pointer(to: 12), type: 1)
        var truncated = DNSMessageBuilder.response(id: 101)
        truncated.question("x.example", type: 1)
        truncated.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: 1, ttl: 1, data: [1], rdLength: 9)
        var udp = DNSScenario.udp()
        udp.send(loop.bytes, from: .client)
        udp.send(truncated.bytes, from: .server)
        udp.send([0xDE, 0xAD], from: .client)
        udp.send(DNSScenario.exampleQuery(), from: .client)
        udp.send(DNSScenario.exampleResponse(), from: .server)
        let run = try SliceLogHarness.native(udp.packets)
        XCTAssertEqual(run.anomalies["dns.name_loop"], 1)
        XCTAssertEqual(run.anomalies["dns.record_truncated"], 1)
        XCTAssertEqual(run.anomalies["dns.truncated_header"], 1)
        let rows = DNSLogRows(run)
        let broken = try rows.row(transID: 101)
        XCTAssertEqual(broken["query"], "-")
        XCTAssertEqual(broken["answers"], "-")
        XCTAssertEqual(try rows.row(transID: 0x1234)["answers"], "web.example.com,93.184.216.34")
    }

    /// Random bytes (and random mutations of a real message) on port 53, UDP
    /// and TCP: the slice finishes; whatever is logged is well-formed.
    func testRandomInputNeverCrashes() throws {
        var generator = SplitMix64(seed: 53)
        var udp = DNSScenario.udp()
        let valid = DNSScenario.exampleResponse()
        for index in 0..<3000 {
            var bytes: [UInt8]
            if index % 2 == 0 {
                bytes = (0..<Int(generator.next() % 80)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            } else {
                bytes = valid
                for _ in 0..<3 { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            }
            udp.send(bytes, from: index % 3 == 0 ? .server : .client)
        }
        var tcp = TCPConversation(client: DNSScenario.client, clientPort: 40_002, server: DNSScenario.server,
                                  serverPort: 53)
        tcp.syn()
        tcp.synAck()
        tcp.ack(from: .client)
        for _ in 0..<200 {
            tcp.send((0..<Int(generator.next() % 300 + 1)).map { _ in UInt8(truncatingIfNeeded: generator.next()) },
                     from: generator.next() % 2 == 0 ? .client : .server)
        }
        let run = try SliceLogHarness.native(udp.packets + tcp.packets)
        let header = try XCTUnwrap(run.files["dns.log"]?.split(separator: "\n").first { $0.hasPrefix("#fields") })
        let columns = header.split(separator: "\t").count - 1
        for row in run.rows("dns.log") { XCTAssertEqual(row.count, columns) }
    }
}

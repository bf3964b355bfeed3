import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// dns.log's native rows (Zeek 9.1's DNS::Info). Every expected value is worked
// out from the bytes the scenario sends and Zeek's rules in
// base/protocols/dns/main.zeek; packets are 1 ms apart from 1700000000.
final class DNSTransactionLogTests: XCTestCase {
    /// Query at .000, answer at .001: one row with the query's question and
    /// flags, the answer's rcode, AA/RA and both answers in order.
    func testQueryAndAnswerMakeOneRow() throws {
        var udp = DNSScenario.udp()
        udp.send(DNSScenario.exampleQuery(), from: .client)
        udp.send(DNSScenario.exampleResponse(), from: .server)
        let run = try SliceLogHarness.native(udp.packets)
        let rows = DNSLogRows(run).rows
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(run.lines("dns.log").first?.split(separator: "\t").dropFirst(2).joined(separator: "\t"), [
            "192.168.1.10", "40000", "192.168.1.20", "53", "udp",
            "4660",                       // 0x1234
            "0.001000",                   // answer time − query time
            "www.example.com",            // the question, lower-cased
            "1", "C_INTERNET", "1", "A",
            "0", "NOERROR",
            "T", "F", "T", "T", "0",      // AA from 0x8580; TC, RD, Z from the query's 0x0100; RA
            "web.example.com,93.184.216.34", "3600.000000,300.000000",
            "F", "0", "query",
        ].joined(separator: "\t"))
        XCTAssertEqual(rows[0]["ts"], "1700000000.000000")
        let conn = run.rows("conn.log")
        XCTAssertEqual(conn.count, 1)
        XCTAssertTrue(conn[0].contains("dns"), "conn.log service: \(conn[0])")
    }

    /// A response alone: it waits for its query until the connection ends;
    /// the query column comes from the first answer's owner, the rtt is unset
    /// (the answer came at the record's own time), the question columns too.
    func testLoneResponseIsWrittenWhenTheConnectionEnds() throws {
        var udp = DNSScenario.udp()
        udp.send(DNSScenario.exampleResponse(id: 7), from: .server)
        let row = try DNSLogRows(try SliceLogHarness.native(udp.packets)).row(transID: 7)
        XCTAssertEqual(row["id.orig_h"], "192.168.1.10")   // 53 → 40000 is flipped at creation
        XCTAssertEqual(row["ts"], "1700000000.000000")
        XCTAssertEqual(row["rtt"], "-")
        XCTAssertEqual(row["query"], "www.example.com")
        XCTAssertEqual(row["qtype"], "-")
        XCTAssertEqual(row["qclass_name"], "-")
        XCTAssertEqual(row["rcode_name"], "NOERROR")
        XCTAssertEqual(row["RD"], "F")
        XCTAssertEqual(row["AA"], "T")
        XCTAssertEqual(row["answers"], "web.example.com,93.184.216.34")
    }

    /// A query never answered: rcode and rtt unset, AA and RA false.
    func testUnansweredQuery() throws {
        var udp = DNSScenario.udp()
        udp.send(DNSScenario.exampleQuery(id: 9), from: .client)
        let row = try DNSLogRows(try SliceLogHarness.native(udp.packets)).row(transID: 9)
        XCTAssertEqual(row["query"], "www.example.com")
        XCTAssertEqual(row["rcode"], "-")
        XCTAssertEqual(row["rcode_name"], "-")
        XCTAssertEqual(row["rtt"], "-")
        XCTAssertEqual(row["AA"], "F")
        XCTAssertEqual(row["RA"], "F")
        XCTAssertEqual(row["answers"], "-")
        XCTAssertEqual(row["TTLs"], "-")
        XCTAssertEqual(row["opcode_name"], "query")
    }

    /// Two queries with IDs 1 and 2 answered in reverse order pair by ID.
    func testResponsesPairByTransactionID() throws {
        var udp = DNSScenario.udp()
        var first = DNSMessageBuilder.query(id: 1)
        first.question("one.example", type: 1)
        var second = DNSMessageBuilder.query(id: 2)
        second.question("two.example", type: 28)
        var answerTwo = DNSMessageBuilder.response(id: 2)
        answerTwo.question("two.example", type: 28)
        answerTwo.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: 28, ttl: 60,
                         data: [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [1])
        var answerOne = DNSMessageBuilder.response(id: 1, rcode: 3)
        answerOne.question("one.example", type: 1)
        udp.send(first.bytes, from: .client)      // .000
        udp.send(second.bytes, from: .client)     // .001
        udp.send(answerTwo.bytes, from: .server)  // .002
        udp.send(answerOne.bytes, from: .server)  // .003
        let rows = DNSLogRows(try SliceLogHarness.native(udp.packets))
        let one = try rows.row(transID: 1), two = try rows.row(transID: 2)
        XCTAssertEqual(one["query"], "one.example")
        XCTAssertEqual(one["rcode_name"], "NXDOMAIN")
        XCTAssertEqual(one["rtt"], "-")            // no answer record: do_reply never ran
        XCTAssertEqual(one["rejected"], "T")       // a question and no records at all: Zeek's dns_rejected
        XCTAssertEqual(two["query"], "two.example")
        XCTAssertEqual(two["qtype_name"], "AAAA")
        XCTAssertEqual(two["rtt"], "0.001000")
        XCTAssertEqual(two["answers"], "2001:db8::1")
        XCTAssertEqual(two["TTLs"], "60.000000")
    }

    /// Both ports 53 and the first message a response: Zeek's DNS analyzer
    /// flips the roles, so the row and conn.log name the response's receiver as originator.
    func testResponseFirstBetweenServerPortsFlipsRoles() throws {
        var udp = DNSScenario.udp(clientPort: 53)
        udp.send(DNSScenario.exampleResponse(id: 3), from: .client)
        let run = try SliceLogHarness.native(udp.packets)
        let row = try DNSLogRows(run).row(transID: 3)
        XCTAssertEqual(row["id.orig_h"], "192.168.1.20")
        XCTAssertEqual(row["id.resp_h"], "192.168.1.10")
        let conn = try XCTUnwrap(run.rows("conn.log").first)
        XCTAssertEqual(conn[2], "192.168.1.20")
        XCTAssertEqual(conn[4], "192.168.1.10")
    }

    /// mDNS to a multicast group: nothing can pair, so each message is a row
    /// of its own, written at once (Zeek 9.1's `multicast_subnets`).
    func testMulticastMessagesAreLoggedOneByOne() throws {
        var udp = DNSScenario.udp(clientPort: 5353, serverPort: 5353, server: "224.0.0.251")
        var query = DNSMessageBuilder(id: 0, flags: 0)
        query.question("printer._ipp._tcp.local", type: 33)
        var announcement = DNSMessageBuilder(id: 0, flags: 0x8400)
        announcement.answer(encodedName: DNSMessageBuilder.encode("printer.local"), type: 1, ttl: 120,
                            data: [192, 168, 1, 10])
        udp.send(query.bytes, from: .client)
        udp.send(announcement.bytes, from: .client)
        let rows = DNSLogRows(try SliceLogHarness.native(udp.packets)).rows.sorted { $0["ts"]! < $1["ts"]! }
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[0]["query"], "printer._ipp._tcp.local")
        XCTAssertEqual(rows[0]["qtype_name"], "SRV")
        XCTAssertEqual(rows[0]["rcode"], "-")
        XCTAssertEqual(rows[1]["query"], "printer.local")
        XCTAssertEqual(rows[1]["qtype"], "-")
        XCTAssertEqual(rows[1]["AA"], "T")
        XCTAssertEqual(rows[1]["answers"], "192.168.1.10")
        XCTAssertEqual(rows[1]["TTLs"], "120.000000")
        XCTAssertEqual(rows[1]["id.orig_h"], "192.168.1.10")   // multicast: no flip
    }

    /// DNS over TCP: two queries in one segment; the first answer split across
    /// two segments, the second in the same segment as the first one's tail.
    func testTCPLengthFramingAcrossAndWithinSegments() throws {
        var tcp = TCPConversation(client: DNSScenario.client, clientPort: 40_001, server: DNSScenario.server,
                                  serverPort: 53)
        tcp.syn()                // .000
        tcp.synAck()             // .001
        tcp.ack(from: .client)   // .002
        var q1 = DNSMessageBuilder.query(id: 11)
        q1.question("a.example", type: 1)
        var q2 = DNSMessageBuilder.query(id: 12)
        q2.question("b.example", type: 16)
        var r1 = DNSMessageBuilder.response(id: 11)
        r1.question("a.example", type: 1)
        r1.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: 1, ttl: 5, data: [10, 0, 0, 1])
        var r2 = DNSMessageBuilder.response(id: 12)
        r2.question("b.example", type: 16)
        r2.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: 16, ttl: 7,
                  data: [2] + Array("hi".utf8) + [3] + Array("a,b".utf8))
        tcp.send(q1.tcpFramed + q2.tcpFramed, from: .client)                     // .003
        let framed1 = r1.tcpFramed
        tcp.send(Array(framed1.prefix(10)), from: .server)                       // .004
        tcp.send(Array(framed1.dropFirst(10)) + r2.tcpFramed, from: .server)    // .005
        let run = try SliceLogHarness.native(tcp.packets)
        let rows = DNSLogRows(run)
        let one = try rows.row(transID: 11), two = try rows.row(transID: 12)
        XCTAssertEqual(one["proto"], "tcp")
        XCTAssertEqual(one["ts"], "1700000000.003000")
        XCTAssertEqual(one["rtt"], "0.002000")
        XCTAssertEqual(one["answers"], "10.0.0.1")
        XCTAssertEqual(two["rtt"], "0.002000")
        // Each character-string as `TXT <length> <text>`; the comma is escaped inside a vector.
        XCTAssertEqual(two["answers"], "TXT 2 hi TXT 3 a\\x2cb")
        XCTAssertEqual(two["TTLs"], "7.000000")
        XCTAssertTrue(run.rows("conn.log")[0][7].contains("dns"))
    }

    /// Bytes lost inside a TCP message: the message is dropped and counted,
    /// and the next length prefix starts a message again.
    func testTCPGapDropsTheMessageInProgress() throws {
        var tcp = TCPConversation(client: DNSScenario.client, clientPort: 40_004, server: DNSScenario.server,
                                  serverPort: 53)
        tcp.syn()
        tcp.synAck()
        tcp.ack(from: .client)
        var q1 = DNSMessageBuilder.query(id: 21)
        q1.question("lost.example", type: 1)
        var q2 = DNSMessageBuilder.query(id: 22)
        q2.question("kept.example", type: 1)
        var r2 = DNSMessageBuilder.response(id: 22)
        r2.question("kept.example", type: 1)
        r2.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: 1, ttl: 9, data: [10, 9, 9, 9])
        let framed1 = q1.tcpFramed
        tcp.send(Array(framed1.prefix(6)), from: .client)      // the length and 4 bytes of the header
        tcp.skip(UInt32(framed1.count - 6), from: .client)     // the rest of q1 is never seen
        tcp.send(q2.tcpFramed, from: .client)                  // held until the hole is known
        tcp.ack(from: .server)                                 // acknowledges past the hole
        tcp.send(r2.tcpFramed, from: .server)
        let run = try SliceLogHarness.native(tcp.packets)
        XCTAssertEqual(run.anomalies["dns.tcp_gap"], 1)
        let rows = DNSLogRows(run)
        XCTAssertEqual(rows.rows.count, 1)
        XCTAssertEqual(try rows.row(transID: 22)["answers"], "10.9.9.9")
    }

    /// The JSON form comes from the same schema: arrays for the vectors,
    /// unset fields left out.
    func testJSONRows() throws {
        var udp = DNSScenario.udp()
        udp.send(DNSScenario.exampleQuery(), from: .client)
        udp.send(DNSScenario.exampleResponse(), from: .server)
        let run = try SliceLogHarness.run(udp.packets, format: .json, threads: 1)
        let line = try XCTUnwrap(run.files["dns.log"]?.split(separator: "\n").first)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["query"] as? String, "www.example.com")
        XCTAssertEqual(object["answers"] as? [String], ["web.example.com", "93.184.216.34"])
        XCTAssertEqual(object["TTLs"] as? [Double], [3600, 300])
        XCTAssertEqual(object["trans_id"] as? Int, 4660)
        XCTAssertEqual(object["AA"] as? Bool, true)
    }
}

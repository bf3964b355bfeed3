import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// The osect layout (LOGS.md §6.5: 25 columns, records aggregated per slice
// with `pkts`) and the independence of dns.log from the thread count.
final class DNSLayoutTests: XCTestCase {
    /// The same unanswered query sent three times (IDs equal, no rtt): one
    /// row, `pkts` 3, ts the first; an answered transaction is a row of its own.
    func testOsectRowsAggregateEqualRecords() throws {
        var udp = DNSScenario.udp()
        for _ in 0..<3 { udp.send(DNSScenario.exampleQuery(id: 5), from: .client) }   // .000 .001 .002
        udp.send(DNSScenario.exampleQuery(), from: .client)                           // .003
        udp.send(DNSScenario.exampleResponse(), from: .server)                        // .004
        let run = try SliceLogHarness.run(udp.packets, format: .osect, threads: 1)
        let rows = run.rows("dns.log")
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows.map(\.count), [25, 25])
        XCTAssertEqual(rows[0].dropFirst(2).joined(separator: "\t"), [
            "192.168.1.10", "40000", "192.168.1.20", "53", "udp", "5", "-", "www.example.com",
            "1", "C_INTERNET", "1", "A", "-", "-", "F", "F", "T", "F", "0", "-", "-", "F", "3",
        ].joined(separator: "\t"))
        XCTAssertEqual(rows[0][0], "1700000000.000000")
        XCTAssertEqual(rows[1][0], "1700000000.003000")
        XCTAssertEqual(rows[1][8], "0.001000")
        XCTAssertEqual(rows[1].last, "1")
        // Z8 framing: eight `#` lines before the rows.
        let lines = try XCTUnwrap(run.files["dns.log"]).split(separator: "\n")
        XCTAssertEqual(lines.prefix(8).filter { $0.hasPrefix("#") }.count, 8)
    }

    /// The osect layout reproduces the shipped Zeek 5.0: only standard queries
    /// (a NOTIFY is not logged) and its names (type 32 is NB there, NIMLOC in 9.1).
    func testOsectUsesZeek5Semantics() throws {
        var udp = DNSScenario.udp()
        var notify = DNSMessageBuilder(id: 8, flags: 0x2000)   // opcode 4
        notify.question("zone.example", type: 6)
        var nb = DNSMessageBuilder.query(id: 9)
        nb.question("host.example", type: 32)
        udp.send(notify.bytes, from: .client)
        udp.send(nb.bytes, from: .client)
        let osect = try SliceLogHarness.run(udp.packets, format: .osect, threads: 1).rows("dns.log")
        XCTAssertEqual(osect.map { $0[7] }, ["9"])
        XCTAssertEqual(osect.first?[13], "NB")
        let native = DNSLogRows(try SliceLogHarness.native(udp.packets))
        XCTAssertEqual(try native.row(transID: 8)["opcode_name"], "notify")
        XCTAssertEqual(try native.row(transID: 9)["qtype_name"], "NIMLOC")
    }

    /// Zeek 5.0 kept the names of records as sent; 9.1 lower-cases them. A
    /// lone response: the query column is the answer's owner.
    func testOsectKeepsTheCaseOfRecordNames() throws {
        var response = DNSMessageBuilder.response(id: 4)
        response.answer(encodedName: DNSMessageBuilder.encode("Host.Example"), type: 5, ttl: 30,
                        data: DNSMessageBuilder.encode("Web.Example"))
        var udp = DNSScenario.udp()
        udp.send(response.bytes, from: .server)
        let osect = try XCTUnwrap(SliceLogHarness.run(udp.packets, format: .osect, threads: 1).rows("dns.log").first)
        XCTAssertEqual(osect[9], "Host.Example")
        XCTAssertEqual(osect[21], "Web.Example")
        let native = try DNSLogRows(try SliceLogHarness.native(udp.packets)).row(transID: 4)
        XCTAssertEqual(native["query"], "host.example")
        XCTAssertEqual(native["answers"], "web.example")
    }

    /// Many connections spread over the shards, UDP and TCP, every kind of
    /// pairing: byte-identical dns.log with 1 and 2 threads, in both layouts.
    func testThreadCountDoesNotChangeDNSLog() throws {
        var packets: [Packet] = []
        for index in 0..<120 {
            var udp = DNSScenario.udp(clientPort: UInt16(41_000 + index), start: 1_700_000_000 + Int64(index % 7))
            let id = UInt16(index)
            udp.send(DNSScenario.exampleQuery(id: id), from: .client)
            if index % 3 != 0 { udp.send(DNSScenario.exampleResponse(id: id), from: .server) }
            if index % 5 == 0 { udp.send(DNSScenario.exampleResponse(id: id &+ 1000), from: .server) }
            packets += udp.packets
        }
        var tcp = TCPConversation(client: DNSScenario.client, clientPort: 40_003, server: DNSScenario.server,
                                  serverPort: 53)
        tcp.syn()
        tcp.synAck()
        tcp.ack(from: .client)
        var query = DNSMessageBuilder.query(id: 77)
        query.question("tcp.example", type: 1)
        tcp.send(query.tcpFramed, from: .client)
        packets += tcp.packets
        packets.sort { $0.time < $1.time }
        try SliceLogHarness.assertThreadIndependent(packets, file: "dns.log", format: .zeekTSV)
        try SliceLogHarness.assertThreadIndependent(packets, file: "dns.log", format: .osect)
    }
}

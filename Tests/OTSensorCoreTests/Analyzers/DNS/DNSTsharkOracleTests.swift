import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// tshark's DNS dissector is an independent decoder: for every response of a
/// generated capture (UDP, and TCP with messages split across segments), the
/// transaction ID, question name and type, rcode and each answer must be
/// what dns.log says for that transaction.
final class DNSTsharkOracleTests: XCTestCase {

    /// One answer of a generated response: its type and RDATA.
    private struct Record {
        let type: UInt16
        let data: [UInt8]
    }

    private func records(_ index: Int, _ random: inout SplitMix64) -> [Record] {
        let name = { (label: String) in DNSMessageBuilder.encode("\(label)\(index).Example.NET") }
        switch index % 8 {
        case 0: return [Record(type: 1, data: [10, UInt8(index & 0xFF), UInt8(random.next() & 0xFF), 1]),
                        Record(type: 1, data: [172, 16, 0, UInt8(index & 0xFF)])]
        case 1: return [Record(type: 28, data: [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 10)
                                + [UInt8(index), 0, 0, 1])]
        case 2: return [Record(type: 5, data: name("Alias")), Record(type: 1, data: [192, 0, 2, UInt8(index)])]
        case 3: return [Record(type: 15, data: [0, 10] + name("mx"))]
        case 4: return [Record(type: 2, data: name("ns")), Record(type: 2, data: name("ns2"))]
        case 5: return [Record(type: 16, data: [11] + Array("hello-\(index % 10)-txt".utf8.prefix(11)))]
        case 6: return [Record(type: 12, data: name("host"))]
        default: return [Record(type: 33, data: [0, 1, 0, 5, 0x13, 0xC4] + name("sip"))]
        }
    }

    private func capture() -> (packets: [Packet], count: Int) {
        var random = SplitMix64(seed: 0xD45)
        var packets: [Packet] = []
        let types: [UInt16] = [1, 28, 1, 15, 2, 16, 12, 33]
        var count = 0
        for index in 0..<48 {
            let id = UInt16(1000 + index)
            var query = DNSMessageBuilder.query(id: id)
            query.question("Q\(index).Example.NET", type: types[index % 8])
            let rcode: UInt16 = index % 11 == 10 ? 3 : 0
            var response = DNSMessageBuilder.response(id: id, rcode: rcode)
            response.question("Q\(index).Example.NET", type: types[index % 8])
            if rcode == 0 {
                for record in records(index, &random) {
                    response.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: record.type,
                                    ttl: UInt32(60 + index), data: record.data)
                }
            }
            if index % 4 == 3 {
                var tcp = TCPConversation(client: DNSScenario.client, clientPort: UInt16(42_000 + index),
                                          server: DNSScenario.server, serverPort: 53)
                tcp.clock = PacketClock(start: CaptureTime(seconds: 1_700_000_100 + Int64(index)))
                tcp.syn()
                tcp.synAck()
                tcp.ack(from: .client)
                tcp.send(query.tcpFramed, from: .client)
                let framed = response.tcpFramed
                let cut = 1 + Int(random.next() % UInt64(framed.count - 1))
                tcp.send(Array(framed.prefix(cut)), from: .server)
                tcp.send(Array(framed.dropFirst(cut)), from: .server)
                tcp.fin(from: .client)
                tcp.fin(from: .server)
                packets += tcp.packets
            } else {
                var udp = DNSScenario.udp(clientPort: UInt16(42_000 + index), start: 1_700_000_100 + Int64(index))
                udp.send(query.bytes, from: .client)
                udp.send(response.bytes, from: .server)
                packets += udp.packets
            }
            count += 1
        }
        return (packets.sorted { $0.time < $1.time }, count)
    }

    func testQuestionsRcodesAndAnswersAgreeWithTshark() throws {
        guard TsharkOracle.isInstalled else {
            XCTFail("tshark is required for the DNS oracle test: run scripts/install-deps.sh --test")
            return
        }
        let (packets, count) = capture()
        let directory = try FlowHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dns-oracle.pcap").path
        try Capture(packets).write(to: path)

        let valueFields = [1: "dns.a", 28: "dns.aaaa", 5: "dns.cname", 15: "dns.mx.mail_exchange", 2: "dns.ns",
                           16: "dns.txt", 12: "dns.ptr.domain_name", 33: "dns.srv.target"]
        let valueOrder = valueFields.keys.sorted()
        let fields = ["dns.id", "dns.qry.name", "dns.qry.type", "dns.flags.rcode", "dns.resp.type"]
            + valueOrder.map { valueFields[$0]! }
        let output = try TsharkOracle.run(["-r", path, "-n", "-Y", "dns.flags.response == 1", "-T", "fields",
                                 "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=;"]
                                + fields.flatMap { ["-e", $0] })
        var theirs: [String] = []
        for line in output.split(separator: "\n") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var values: [Int: [String]] = [:]
            for (offset, type) in valueOrder.enumerated() {
                values[type] = columns[5 + offset].split(separator: ";").map(String.init)
            }
            // Rebuild dns.log's answers: each record's value in section order, TXT as `TXT <length> <text>`.
            let answers = columns[4].split(separator: ";").map { typeText -> String in
                let type = Int(typeText) ?? -1
                let value = values[type]?.isEmpty == false ? values[type]!.removeFirst() : "?"
                return type == 16 ? "TXT \(value.utf8.count) \(value)" : value.lowercased()
            }
            // tshark prints the ID in hex (0x03e8).
            let id = Int(columns[0].dropFirst(2), radix: 16).map(String.init) ?? columns[0]
            theirs.append([id, columns[1].lowercased(), columns[2], columns[3],
                           answers.isEmpty ? "-" : answers.joined(separator: ",")].joined(separator: "|"))
        }

        let rows = DNSLogRows(try SliceLogHarness.native(packets)).rows
        let ours = rows.map { row in
            [row["trans_id"] ?? "", row["query"] ?? "", row["qtype"] ?? "", row["rcode"] ?? "", row["answers"] ?? ""]
                .joined(separator: "|")
        }.sorted(by: Self.byTransactionID)
        XCTAssertEqual(theirs.count, count, "tshark found every response")
        XCTAssertEqual(ours.count, count)
        for (mine, oracle) in zip(ours, theirs.sorted(by: Self.byTransactionID)) where mine != oracle {
            XCTFail("otsensor \(mine), tshark \(oracle)")
        }
    }

    /// Orders `id|…` lines by their numeric ID.
    private static func byTransactionID(_ a: String, _ b: String) -> Bool {
        (Int(a.prefix { $0 != "|" }) ?? -1) < (Int(b.prefix { $0 != "|" }) ?? -1)
    }
}

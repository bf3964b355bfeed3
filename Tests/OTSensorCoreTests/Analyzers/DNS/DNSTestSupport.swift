import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// dns.log rows by column name, read from a native (TSV) run's header.
struct DNSLogRows {
    let rows: [[String: String]]

    init(_ run: SliceLogRun, file: String = "dns.log") {
        let text = run.files[file] ?? ""
        let fieldsLine = text.split(separator: "\n").first { $0.hasPrefix("#fields\t") } ?? ""
        let names = fieldsLine.split(separator: "\t").dropFirst().map(String.init)
        rows = run.rows(file).map { values in
            Dictionary(uniqueKeysWithValues: zip(names, values))
        }
    }

    /// The one row with this transaction ID.
    func row(transID: Int, file: StaticString = #filePath, line: UInt = #line) throws -> [String: String] {
        let matching = rows.filter { $0["trans_id"] == String(transID) }
        XCTAssertEqual(matching.count, 1, "rows with trans_id \(transID)", file: file, line: line)
        return try XCTUnwrap(matching.first, file: file, line: line)
    }
}

enum DNSScenario {
    static let client: HostAddress = "192.168.1.10"
    static let server: HostAddress = "192.168.1.20"

    /// A UDP exchange client:40000 → server:`serverPort`, one packet per millisecond from 1700000000.
    static func udp(clientPort: UInt16 = 40_000, serverPort: UInt16 = 53, server: HostAddress = server,
                    start: Int64 = 1_700_000_000) -> UDPExchange {
        UDPExchange(client: client, clientPort: clientPort, server: server, serverPort: serverPort,
                    clock: PacketClock(start: CaptureTime(seconds: start)))
    }

    /// The query of the worked example: id 0x1234, RD, `Www.Example.COM` A IN.
    static func exampleQuery(id: UInt16 = 0x1234) -> [UInt8] {
        var query = DNSMessageBuilder.query(id: id)
        query.question("Www.Example.COM", type: 1)
        return query.bytes
    }

    /// Its answer: QR AA RD RA; the question again (offset 12), then
    /// `www.example.com CNAME web.example.com` (TTL 3600; the target is `web`
    /// plus a pointer to `example.com` at offset 16) and
    /// `web.example.com A 93.184.216.34` (TTL 300; owner a pointer to the target).
    static func exampleResponse(id: UInt16 = 0x1234) -> [UInt8] {
        var response = DNSMessageBuilder(id: id, flags: 0x8580)
        response.question("Www.Example.COM", type: 1)
        let cnameTarget = response.nextAnswerOffset + 12
        response.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: 5, ttl: 3600,
                        data: [3] + Array("web".utf8) + DNSMessageBuilder.pointer(to: 16))
        response.answer(encodedName: DNSMessageBuilder.pointer(to: cnameTarget), type: 1, ttl: 300,
                        data: [93, 184, 216, 34])
        return response.bytes
    }
}

extension SliceLogHarness {
    /// A native (Zeek TSV) run with one thread.
    static func native(_ packets: [Packet]) throws -> SliceLogRun {
        try run(packets, format: .zeekTSV, threads: 1)
    }
}

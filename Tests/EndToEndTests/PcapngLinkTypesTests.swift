import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

/// pcapng files whose interfaces have different link types (interface 0
/// Ethernet, interface 1 raw IP, LINKTYPE 101). libpcap refuses them; otsensor
/// reads them with its own block reader (PcapngBlockReader). Each test runs the
/// real slice pipeline (SliceProcessor) and checks the conn.log row worked out
/// by hand.
///
/// The flow: a UDP request 10.0.0.1:1234 → 10.0.0.2:53 with a 12-byte payload
/// (UDP length 20, IPv4 total length 40) framed in Ethernet on interface 0, and
/// its 30-byte reply (UDP length 38, IP length 58) as raw IP on interface 1.
/// Hence: orig_bytes = 20 − 8 = 12, resp_bytes = 38 − 8 = 30, one packet each
/// way, orig_ip_bytes 40, resp_ip_bytes 58, state SF (both directions seen),
/// history "Dd". Port 53 is a likely server port and 1234 is not, so the
/// request's sender stays the originator; l2 addresses come from the first
/// (Ethernet) packet: client MAC 02:00:00:00:00:01 → 02:00:00:00:00:02.
final class PcapngLinkTypesTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
    }

    private static let start: Int64 = 1_700_000_000
    private static let requestPayload = [UInt8](repeating: 0x51, count: 12)
    private static let replyPayload = [UInt8](repeating: 0x52, count: 30)

    /// The request on interface 0 (Ethernet) at `requestTime`.
    private func request(at time: CaptureTime, payload: [UInt8] = requestPayload) -> Packet {
        var udp = UDPExchange(client: "10.0.0.1", clientPort: 1_234, server: "10.0.0.2", serverPort: 53,
                              link: EthernetLink(), clock: PacketClock(start: time))
        let packet = udp.send(payload, from: .client)
        return Packet(time: packet.time, bytes: packet.bytes, interfaceID: 0)
    }

    /// The reply on interface 1 (raw IP: the frame is the IP packet itself).
    private func reply(at time: CaptureTime) -> Packet {
        var udp = UDPExchange(client: "10.0.0.1", clientPort: 1_234, server: "10.0.0.2", serverPort: 53,
                              link: RawIPLink(), clock: PacketClock(start: time))
        let packet = udp.send(Self.replyPayload, from: .server)
        XCTAssertEqual(packet.bytes.first.map { $0 >> 4 }, 4, "raw IP frame starts with the IPv4 header")
        return Packet(time: packet.time, bytes: packet.bytes, interfaceID: 1)
    }

    /// Writes the packets with PcapngWriter, optionally cuts `cut` bytes off
    /// the end, runs the pipeline and returns the report and conn.log rows.
    private func run(_ packets: [Packet], interfaces: [PcapngInterface], cut: Int = 0)
        throws -> (report: SliceReport, rows: [[String: String]], text: String) {
        let path = directory.appendingPathComponent("mixed.pcapng").path
        let writer = try PcapngWriter(path: path, interfaces: interfaces)
        for packet in packets { try writer.write(packet) }
        try writer.close()
        if cut > 0 {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count - cut).write(to: URL(fileURLWithPath: path))
        }
        let out = directory.appendingPathComponent("out").path
        let options = SliceOptions(inputPath: path, outputPath: out, threads: 2, format: .zeekTSV,
                                   localNetworks: try XCTUnwrap(LocalNetworks(argument: "none")))
        let report = try SliceProcessor(options: options).run()
        ManifestSchema.validate(URL(fileURLWithPath: out + "/manifest.json"))
        let text = try String(contentsOfFile: out + "/conn.log", encoding: .utf8)
        let fields = EndToEnd.tsvFields(text)
        let rows = EndToEnd.tsvRows(text).map { Dictionary(uniqueKeysWithValues: zip(fields, $0)) }
        return (report, rows, text)
    }

    private func assertRow(_ row: [String: String], _ expected: [String: String],
                           file: StaticString = #filePath, line: UInt = #line) {
        for (name, value) in expected.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(row[name], value, "column \(name)", file: file, line: line)
        }
    }

    /// Every column of the request/reply flow except service (decided by Zeek's
    /// DNS analyzer, not under test) and uid (checked for shape).
    private func expectedFlow(ts: String, duration: String, origPkts: Int = 1, origIPBytes: Int = 40,
                              origBytes: String = "12") -> [String: String] {
        [
            "ts": ts, "id.orig_h": "10.0.0.1", "id.orig_p": "1234", "id.resp_h": "10.0.0.2", "id.resp_p": "53",
            "proto": "udp", "duration": duration, "orig_bytes": origBytes, "resp_bytes": "30",
            "conn_state": "SF", "local_orig": "-", "local_resp": "-", "missed_bytes": "0", "history": "Dd",
            "orig_pkts": String(origPkts), "orig_ip_bytes": String(origIPBytes), "resp_pkts": "1",
            "resp_ip_bytes": "58", "tunnel_parents": "-", "ip_proto": "17",
            "orig_l2_addr": "02:00:00:00:00:01", "resp_l2_addr": "02:00:00:00:00:02",
            "vlan": "-", "inner_vlan": "-",
        ]
    }

    func testEthernetAndRawIPInterfacesMakeOneConnection() throws {
        // Request at 1700000000.000000, reply 1 ms later → duration 0.001000.
        let packets = [request(at: CaptureTime(seconds: Self.start)),
                       reply(at: CaptureTime(seconds: Self.start, microseconds: 1_000))]
        let result = try run(packets, interfaces: [PcapngInterface(linkType: PcapLinkType.ethernet),
                                                   PcapngInterface(linkType: PcapLinkType.raw)])
        XCTAssertEqual(result.rows.count, 1, result.text)
        let row = try XCTUnwrap(result.rows.first)
        assertRow(row, expectedFlow(ts: "1700000000.000000", duration: "0.001000"))
        XCTAssertNotNil(row["uid"]?.range(of: "^C[0-9a-zA-Z]{16,17}$", options: .regularExpression))
        XCTAssertEqual(result.report.manifest.counts.read, 2)
        XCTAssertEqual(result.report.manifest.counts.decoded, 2)
        XCTAssertFalse(result.report.manifest.truncated)
        XCTAssertEqual(result.report.manifest.warnings, [])
    }

    /// Interface 0 stamps in nanoseconds (if_tsresol 9), interface 1 in
    /// microseconds. The request at 1700000000.123456789 is printed rounded to
    /// the microsecond: .123457 (789 ns ≥ 500 rounds up). The reply, 2 ms
    /// later at 1700000000.125456 (µs interface; 789 ns → 456 µs + 2000 µs
    /// truncated by the writer), gives a duration of 125456000 − 123456789 =
    /// 1999211 ns → 0.001999 s.
    func testNanosecondInterfaceKeepsMicrosecondTimestamps() throws {
        let requestTime = CaptureTime(seconds: Self.start, nanoseconds: 123_456_789)
        let replyTime = CaptureTime(seconds: Self.start, nanoseconds: 125_456_789)
        let packets = [request(at: requestTime), reply(at: replyTime)]
        let result = try run(packets, interfaces: [
            PcapngInterface(linkType: PcapLinkType.ethernet, nanosecondResolution: true),
            PcapngInterface(linkType: PcapLinkType.raw),
        ])
        XCTAssertEqual(result.rows.count, 1, result.text)
        let row = try XCTUnwrap(result.rows.first)
        assertRow(row, expectedFlow(ts: "1700000000.123457", duration: "0.001999"))
        XCTAssertEqual(result.report.manifest.counts.read, 2)
        XCTAssertFalse(result.report.manifest.truncated)
    }

    /// Both interfaces in nanoseconds: the 2 ms between the packets is exact.
    func testNanosecondInterfacesGiveExactDuration() throws {
        let requestTime = CaptureTime(seconds: Self.start, nanoseconds: 123_456_789)
        let replyTime = CaptureTime(seconds: Self.start, nanoseconds: 125_456_789)
        let result = try run([request(at: requestTime), reply(at: replyTime)], interfaces: [
            PcapngInterface(linkType: PcapLinkType.ethernet, nanosecondResolution: true),
            PcapngInterface(linkType: PcapLinkType.raw, nanosecondResolution: true),
        ])
        XCTAssertEqual(result.rows.count, 1, result.text)
        assertRow(try XCTUnwrap(result.rows.first), expectedFlow(ts: "1700000000.123457", duration: "0.002000"))
    }

    /// A third packet (a second 12-byte request, interface 0) cut in the middle
    /// of its Enhanced Packet Block: the capture is damaged, the two complete
    /// packets are read and logged (the row counts one request only).
    func testBlockCutInTheMiddleIsTruncatedWithLogsForCompletePackets() throws {
        let packets = [request(at: CaptureTime(seconds: Self.start)),
                       reply(at: CaptureTime(seconds: Self.start, microseconds: 1_000)),
                       request(at: CaptureTime(seconds: Self.start, microseconds: 2_000))]
        // The last EPB is 12 (type, length, trailing length) + 20 (interface, time, lengths)
        // + 54 (Ethernet 14 + IPv4 20 + UDP 8 + 12) padded to 56 = 88 bytes; cutting 30
        // leaves it incomplete.
        let result = try run(packets, interfaces: [PcapngInterface(linkType: PcapLinkType.ethernet),
                                                   PcapngInterface(linkType: PcapLinkType.raw)], cut: 30)
        XCTAssertTrue(result.report.manifest.truncated)
        XCTAssertTrue(result.report.truncated)
        XCTAssertEqual(result.report.manifest.counts.read, 2)
        XCTAssertEqual(result.rows.count, 1, result.text)
        assertRow(try XCTUnwrap(result.rows.first), expectedFlow(ts: "1700000000.000000", duration: "0.001000"))
    }

    /// The cut falls inside the block header (only 4 of the 8 type+length bytes
    /// of the third block remain): still damage, not a clean end.
    func testCutInsideBlockHeaderIsTruncated() throws {
        let packets = [request(at: CaptureTime(seconds: Self.start)),
                       reply(at: CaptureTime(seconds: Self.start, microseconds: 1_000)),
                       request(at: CaptureTime(seconds: Self.start, microseconds: 2_000))]
        // Keep 4 bytes of the 88-byte last block: cut 84.
        let result = try run(packets, interfaces: [PcapngInterface(linkType: PcapLinkType.ethernet),
                                                   PcapngInterface(linkType: PcapLinkType.raw)], cut: 84)
        XCTAssertTrue(result.report.manifest.truncated)
        XCTAssertEqual(result.report.manifest.counts.read, 2)
        XCTAssertEqual(result.rows.count, 1, result.text)
    }
}

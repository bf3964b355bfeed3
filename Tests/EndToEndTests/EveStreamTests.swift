import CaptureGenerator
import Foundation
import XCTest

/// `process-slice --rules` on TCP streams: content rules read the reassembled
/// stream in Suricata's chunks, packet rules read packets, and what is left
/// at the capture's end is inspected on flow-end pseudo packets. Expected
/// alerts worked out by hand from the generated capture.
final class EveStreamTests: XCTestCase {
    private var directory: URL!
    private var input: String!
    private var rules: String!

    /// Flow A, 192.168.1.10:50000 → 192.168.1.20:9000, closed by FINs: the
    /// client sends "hello ad" and "min world" (each acknowledged by the
    /// server), retransmits the second, then both close. Flow B, ten seconds
    /// later from port 50001, sends "tail-data" that is never acknowledged
    /// and stays open to the capture's end.
    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
        input = directory.appendingPathComponent("streams.pcap").path
        var a = TCPConversation(client: "192.168.1.10", clientPort: 50_000, server: "192.168.1.20", serverPort: 9000,
                                clock: PacketClock(start: CaptureTime(seconds: 1_700_000_000)))
        a.syn(); a.synAck(); a.ack(from: .client)
        a.send(Array("hello ad".utf8), from: .client); a.ack(from: .server)
        a.send(Array("min world".utf8), from: .client); a.ack(from: .server)
        a.retransmit(from: .client); a.ack(from: .server)
        a.fin(from: .client); a.fin(from: .server); a.ack(from: .client)
        var b = TCPConversation(client: "192.168.1.10", clientPort: 50_001, server: "192.168.1.20", serverPort: 9000,
                                clock: PacketClock(start: CaptureTime(seconds: 1_700_000_010)))
        b.syn(); b.synAck(); b.ack(from: .client)
        b.send(Array("tail-data".utf8), from: .client)
        try Capture(a.packets + b.packets).write(to: input)
        rules = directory.appendingPathComponent("test.rules").path
        try """
        alert tcp any any -> any 9000 (msg:"split content"; content:"admin"; sid:1;)
        alert tcp any any -> any 9000 (msg:"split content, packet only"; content:"admin"; dsize:>0; sid:2;)
        alert tcp any any -> any 9000 (msg:"segment"; flow:no_stream; content:"world"; sid:3;)
        alert tcp any any -> any 9000 (msg:"never acknowledged"; flow:established,to_server; content:"tail-data"; sid:4;)
        """.write(toFile: rules, atomically: true, encoding: .utf8)
    }

    private func alerts(threads: Int) throws -> (lines: String, alerts: [[String: Any]]) {
        let name = "out\(threads)"
        let result = try EndToEnd.runProcessSlice([input, "--out", name, "--no-progress", "--threads", "\(threads)",
                                                   "--rules", rules], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let eve = try String(contentsOf: directory.appendingPathComponent(name).appendingPathComponent("eve.json"),
                             encoding: .utf8)
        let alerts = try eve.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        return (eve, alerts)
    }

    func testStreamChunksPacketsAndTheFlowsEnd() throws {
        let (_, alerts) = try alerts(threads: 1)
        let sids = alerts.map { ($0["alert"] as? [String: Any])?["signature_id"] as? Int }
        // sid 3 on the segment and on its retransmission; sid 1 once, on the
        // client's FIN that makes the session close and inspect "hello admin
        // world"; sid 2 never (no packet holds "admin"); sid 4 on flow B's
        // pseudo packet to the server at the capture's end.
        XCTAssertEqual(sids, [3, 3, 1, 4])
        XCTAssertEqual(alerts[2]["pkt_src"] as? String, "wire/pcap")
        let flow = try XCTUnwrap(alerts[2]["flow"] as? [String: Any])
        // SYN, ACK, two data segments, the retransmission and the FIN.
        XCTAssertEqual(flow["pkts_toserver"] as? Int, 6)
        XCTAssertEqual(alerts[3]["pkt_src"] as? String, "stream (flow timeout)")
        XCTAssertEqual(alerts[3]["src_port"] as? Int, 50_001)
        XCTAssertEqual(alerts[3]["dest_port"] as? Int, 9000)
        XCTAssertEqual(alerts[3]["direction"] as? String, "to_server")
    }

    func testByteIdenticalAcrossThreads() throws {
        let one = try alerts(threads: 1).lines
        XCTAssertFalse(one.isEmpty)
        XCTAssertEqual(one, try alerts(threads: 2).lines)
    }
}

import CaptureGenerator
import Foundation
import XCTest

/// `process-slice --rules` with rules on HTTP and TLS buffers: a generated
/// HTTP exchange (chunked response) and a TLS ClientHello, alerts worked
/// out by hand, near-misses silent.
final class EveAppBufferTests: XCTestCase {
    private var directory: URL!

    /// The ClientHello of Zeek's trace pppoe-over-qinq.pcap (frame 4), whose
    /// SNI tshark reads as "xp.apple.com".
    private static let clientHello = """
        1603010200010001fc0303c9bcee53a4cea20ae58758dd9615653206b28923789d4cfb8b597d8c4605a9182011e6d913\
        544a6e701512f9aeaec890f5cef7e38fb423e1852669d8f448e6fe3c0028c02cc02bc024c023c00ac009cca9c030c02f\
        c028c027c014c013cca8009d009c003d003c0035002f0100018bff0100010000000011000f00000c78702e6170706c65\
        2e636f6d00170000000d0014001204030804040105030805050108060601020100050005010000000033740000001200\
        0000100030002e0268320568322d31360568322d31350568322d313408737064792f332e3106737064792f3308687474\
        702f312e31000b00020100000a00080006001d00170018001500fa
        """ + String(repeating: "00", count: 250)

    private static func hex(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            out.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
    }

    private func capture() throws -> String {
        var http = TCPConversation(client: "192.168.1.10", clientPort: 51_000, server: "192.168.1.20", serverPort: 80,
                                   clock: PacketClock(start: CaptureTime(seconds: 1_700_000_000)))
        http.syn(); http.synAck(); http.ack(from: .client)
        http.send(Array("GET /index.html?q=1 HTTP/1.1\r\nHost: WWW.Example.com\r\nUser-Agent: test\r\n\r\n".utf8),
                  from: .client)
        // The body "secret-marker" in two chunks, split across two segments:
        // only dechunked does it read as one string.
        http.send(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n7\r\nsec".utf8),
                  from: .server)
        http.send(Array("ret-\r\n6\r\nmarker\r\n0\r\n\r\n".utf8), from: .server)
        http.ack(from: .client)
        http.fin(from: .client); http.fin(from: .server); http.ack(from: .client)

        var tls = TCPConversation(client: "192.168.1.10", clientPort: 51_001, server: "192.168.1.20", serverPort: 443,
                                  clock: PacketClock(start: CaptureTime(seconds: 1_700_000_010)))
        tls.syn(); tls.synAck(); tls.ack(from: .client)
        tls.send(Self.hex(Self.clientHello), from: .client)
        tls.ack(from: .server)
        tls.fin(from: .client); tls.fin(from: .server); tls.ack(from: .client)

        let path = directory.appendingPathComponent("app.pcap").path
        try Capture(http.packets + tls.packets).write(to: path)
        return path
    }

    func testBufferRulesAlertOnceAndNearMissesDoNot() throws {
        let rules = directory.appendingPathComponent("app.rules").path
        try """
        alert http any any -> any any (msg:"uri"; flow:established,to_server; http.uri; content:"/index.html?q=1"; sid:10;)
        alert http any any -> any any (msg:"uri near miss"; http.uri; content:"/index.htm?"; sid:11;)
        alert http any any -> any any (msg:"body"; file_data; content:"secret-marker"; sid:12;)
        alert http any any -> any any (msg:"body near miss"; file_data; content:"secret-markers"; sid:13;)
        alert tls any any -> any any (msg:"sni"; tls.sni; content:"xp.apple.com"; startswith; endswith; sid:14;)
        alert tls any any -> any any (msg:"sni near miss"; tls.sni; content:"apple.org"; sid:15;)
        alert http any any -> any any (msg:"host"; http.host; content:"www.example.com"; endswith; sid:16;)
        """.write(toFile: rules, atomically: true, encoding: .utf8)
        let input = try capture()
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--no-progress", "--rules", rules],
                                                  in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let eve = try String(contentsOf: directory.appendingPathComponent("out/eve.json"), encoding: .utf8)
        let alerts = try eve.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let sids = alerts.map { ($0["alert"] as? [String: Any])?["signature_id"] as? Int }
        // The request's headers: uri and host (rule order); the response's body; the hello.
        XCTAssertEqual(sids, [10, 16, 12, 14])
        guard alerts.count == 4 else { return }
        XCTAssertEqual(alerts[0]["src_ip"] as? String, "192.168.1.10")
        XCTAssertEqual(alerts[0]["dest_port"] as? Int, 80)
        XCTAssertEqual(alerts[0]["direction"] as? String, "to_server")
        XCTAssertEqual(alerts[0]["app_proto"] as? String, "http")
        XCTAssertEqual(alerts[2]["src_ip"] as? String, "192.168.1.20")
        XCTAssertEqual(alerts[2]["src_port"] as? Int, 80)
        XCTAssertEqual(alerts[2]["direction"] as? String, "to_client")
        XCTAssertEqual(alerts[0]["flow_id"] as? Int, alerts[2]["flow_id"] as? Int, "one flow")
        XCTAssertEqual(alerts[3]["app_proto"] as? String, "tls")
        XCTAssertEqual(alerts[3]["dest_port"] as? Int, 443)
        XCTAssertEqual(alerts[3]["direction"] as? String, "to_server")
    }
}

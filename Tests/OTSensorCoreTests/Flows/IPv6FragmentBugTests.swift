import CaptureGenerator
import XCTest

/// BUG (left out of the commit): see the report.
final class IPv6FragmentBugTests: XCTestCase {
    /// Fragments of an IPv6 datagram that carries an unfragmentable hop-by-hop
    /// header: after reassembly the IP length is 40 + 8 (hop-by-hop) + 2008.
    func testIPv6FragmentsBehindHopByHop() throws {
        var udp = UDPExchange(client: "fd00::1", clientPort: 40_000, server: "fd00::2", serverPort: 50_000)
        let datagram = IPv6Packet(source: "fd00::1", destination: "fd00::2",
                                  payload: udp.datagram(flowTestPayload(2_000), from: .client),
                                  extensionHeaders: [.hopByHop(options: [])])
        for fragment in datagram.fragments(payloadSizes: [1_232], identification: 99) {
            udp.path.emit(ipPacket: fragment, from: .client)   // 0, 1 ms
        }
        udp.send(flowTestPayload(12), from: .server)           // 2 ms: 60
        let run = try FlowHarness.run(udp.packets)
        assertConn(try run.onlyRow(), ExpectedConn(
            ts: flowTestTime(1), orig: "fd00::1", 40_000, resp: "fd00::2", 50_000, proto: "udp",
            duration: flowTestInterval(1), origBytes: "2000", respBytes: "12", state: "SF", history: "Dd",
            origPkts: 1, origIPBytes: 2_056, respPkts: 1, respIPBytes: 60))
    }
}

@testable import OTSensorSignatures
import XCTest

/// flow, flowbits, header keywords and rule order.
final class DetectFlowTests: XCTestCase {
    func testFlowDirectionAndState() {
        var h = RuleHarness([
            rule(1, "flow:to_server,established;"),
            rule(2, "flow:to_client;"),
            rule(3, "flow:not_established;"),
            rule(4, "flow:from_client,stateless;"),
        ].joined(separator: "\n"))
        XCTAssertEqual(h.sids("x", toServer: true, established: true), [1, 4])
        XCTAssertEqual(h.sids("x", toServer: false, established: false), [2, 3])
    }

    func testPrefilterIsAHintOnly() {
        // The harness's packets have TTL 0.
        var h = RuleHarness(rule(1, "ttl:0; prefilter;", proto: "ip") + "\n" + rule(2, "ttl:>0; prefilter;", proto: "ip"))
        XCTAssertEqual(h.sids("x"), [1])
    }

    func testStreamOnlyRulesNeedStreamData() {
        var h = RuleHarness("""
        alert tcp any any -> any any (msg:"stream"; flow:only_stream; content:"x"; sid:1;)
        alert tcp-stream any any -> any any (msg:"stream header"; content:"x"; sid:2;)
        alert tcp-pkt any any -> any any (msg:"packet header"; flow:to_server; content:"x"; sid:3;)
        alert tcp any any -> any any (msg:"packet"; flow:no_stream; content:"x"; sid:4;)
        """)
        // A packet kept out of the stream (the harness's default): only_stream
        // never reads it, the tcp-stream header falls back to it as Suricata's
        // SIG_FLAG_REQUIRE_STREAM without _STREAM_ONLY does.
        XCTAssertEqual(h.sids("x"), [2, 3, 4])
        XCTAssertEqual(h.sids(Array("x".utf8), streamAdded: true), [3, 4], "its chunk, not the packet, is for stream rules")
        XCTAssertEqual(h.sids(Array("y".utf8), stream: [Array("x".utf8)], streamAdded: true), [1, 2],
                       "the chunk is for stream rules only")
    }

    func testFlowbitSetEarlierOnTheSamePacketIsSeen() {
        // Listed reader first: Suricata orders setters before readers, so the
        // reader still sees the bit on the same packet.
        var h = RuleHarness(rule(2, #"flowbits:isset,login; content:"PASS";"#) + "\n"
            + rule(1, #"content:"USER"; flowbits:set,login; flowbits:noalert;"#))
        XCTAssertEqual(h.sids("USER a PASS b"), [2])
    }

    func testARuleMatchesATransactionOnceHoweverOftenItProgresses() {
        let rules = RuleSet.parse(rule(1, #"http.uri; content:"/a"; flowbits:toggle,t; flowbits:noalert;"#) + "\n"
            + rule(2, #"http.uri; content:"/a"; flowbits:set,s;"#))
        let engine = SignatureEngine(rules: rules)
        var flow = SignatureFlowState()
        var matched: Set<Int> = []
        let uri: [UInt8] = Array("/a".utf8)
        func progress() -> [UInt32] {
            uri.withUnsafeBytes { bytes in
                var packet = SignaturePacket(timeNanoseconds: 0, source: RuleIP(v4: 1), destination: RuleIP(v4: 2),
                                             sourcePort: 40000, destinationPort: 80, ipProtocol: 6,
                                             payload: UnsafeRawBufferPointer(start: nil, count: 0), toServer: true,
                                             flowEstablished: true, firstInDirection: false)
                packet.isTransaction = true
                packet.appProto = "http"
                packet.appBuffers = [(name: "http.uri", bytes: bytes)]
                return engine.inspect(packet, flow: &flow, matched: &matched).map { rules.signatures[$0].sid }
            }
        }
        XCTAssertEqual(progress(), [2])
        XCTAssertEqual(flow.flowbits, ["s", "t"])
        // Headers, then the body: the same transaction progresses again.
        XCTAssertEqual(progress(), [], "sid 2 alerted on this transaction already")
        XCTAssertEqual(flow.flowbits, ["s", "t"], "the toggle is not undone by the second step")
        var fresh: Set<Int> = []
        swap(&matched, &fresh)
        XCTAssertEqual(progress(), [2], "the next transaction matches again")
        XCTAssertEqual(flow.flowbits, ["s"], "and toggles again")
    }

    func testFlowbitsAcrossPackets() {
        var h = RuleHarness([
            rule(1, #"content:"login"; flowbits:set,a;"#),
            rule(2, #"content:"data"; flowbits:isset,a;"#),
            rule(3, #"content:"data"; flowbits:isnotset,a;"#),
            rule(4, #"content:"logout"; flowbits:unset,a; flowbits:noalert;"#),
            rule(5, #"content:"data"; flowbits:isset,a|b;"#),
        ].joined(separator: "\n"))
        XCTAssertEqual(h.sids("data"), [3])
        XCTAssertEqual(h.sids("login"), [1])
        XCTAssertEqual(h.sids("data"), [2, 5])
        XCTAssertEqual(h.sids("logout"), [])
        XCTAssertEqual(h.sids("data"), [3])
    }

    func testToggle() {
        var h = RuleHarness(rule(1, #"content:"t"; flowbits:toggle,x; flowbits:noalert;"#) + "\n"
            + rule(2, #"content:"q"; flowbits:isset,x;"#))
        // toggle counts as neither setter nor reader (SCSigGetFlowbitsType), so
        // the reader runs first: it sees the bit toggled by the previous packet.
        XCTAssertEqual(h.sids("tq"), [])
        XCTAssertEqual(h.sids("tq"), [2])
        XCTAssertEqual(h.sids("tq"), [])
    }

    func testHeaderKeywordsAndAddresses() {
        let rules = """
        alert tcp $HOME_NET any -> $EXTERNAL_NET 80 (msg:"out"; sid:1;)
        alert tcp $EXTERNAL_NET any -> $HOME_NET any (msg:"in"; sid:2;)
        alert tcp any any <> 10.0.0.1 80 (msg:"bidir"; sid:3;)
        alert tcp any ![1:1024] -> any any (msg:"high src"; sid:4;)
        alert tcp any any -> any any (msg:"syn"; flags:S; sid:5;)
        """
        var h = RuleHarness(rules, variables: RuleVariables(addressGroups: ["HOME_NET": "192.168.0.0/16",
                                                                             "EXTERNAL_NET": "!$HOME_NET"],
                                                            portGroups: [:]))
        // 192.168.1.10:40000 -> 10.0.0.1:80
        XCTAssertEqual(h.sids("x", toServer: true), [1, 3, 4])
        XCTAssertEqual(h.sids("x", toServer: false), [2, 3])
    }

    func testPriorityOrdersAlertsAndPassStops() {
        var h = RuleHarness("""
        alert tcp any any -> any any (msg:"low"; content:"a"; priority:3; sid:1;)
        alert tcp any any -> any any (msg:"high"; content:"a"; classtype:trojan-activity; sid:2;)
        """)
        XCTAssertEqual(h.sids("a"), [2, 1])
        var p = RuleHarness("""
        alert tcp any any -> any any (msg:"a"; content:"a"; sid:1;)
        pass tcp any any -> any any (msg:"ok"; content:"ok"; sid:2;)
        """)
        XCTAssertEqual(p.sids("a"), [1])
        XCTAssertEqual(p.sids("a ok"), [])
    }

    func testIPOnlyRulesRunOnTheFirstPacketOfADirection() {
        var h = RuleHarness("alert ip 10.0.0.1 any -> any any (msg:\"from server\"; sid:1;)")
        XCTAssertEqual(h.sids(Array("x".utf8), toServer: false, first: true), [1])
        XCTAssertEqual(h.sids(Array("x".utf8), toServer: false, first: false), [])
    }
}

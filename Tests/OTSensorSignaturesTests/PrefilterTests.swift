@testable import OTSensorSignatures
import XCTest

/// The prefilter only spares rules that cannot match: rules without a fast
/// pattern still run on every packet, case and `dotprefix` are honoured, and
/// alerts keep the rule order whatever order the patterns are found in.
final class PrefilterTests: XCTestCase {
    func testRulesWithoutContentRunOnEveryPacket() {
        var h = RuleHarness(rule(1, #"content:"zz";"#) + "\n" + rule(2, "dsize:>3;"))
        XCTAssertEqual(h.sids("abcd"), [2])
        XCTAssertEqual(h.sids("zzzz"), [1, 2])
        XCTAssertEqual(h.sids("zz"), [1])
    }

    func testAlertsKeepRuleOrderNotTheOrderPatternsAreFound() {
        // "a" is found before "b" in "ab", but sid 10 comes first in the rules.
        var h = RuleHarness([rule(10, #"content:"b";"#), rule(11, "dsize:>0;"), rule(12, #"content:"a";"#)]
            .joined(separator: "\n"))
        XCTAssertEqual(h.sids("ab"), [10, 11, 12])
        XCTAssertEqual(h.sids("ba"), [10, 11, 12])
    }

    func testCaseOfTheFastPattern() {
        var h = RuleHarness(rule(1, #"content:"ABC";"#) + "\n" + rule(2, #"content:"ABC"; nocase;"#))
        XCTAssertEqual(h.sids("xabcx"), [2])
        XCTAssertEqual(h.sids("xABCx"), [1, 2])
    }

    func testADotprefixPatternMayStartWithTheAddedDot() {
        // dotprefix: the rule sees ".evil.com" for the query "evil.com".
        var h = RuleHarness(rule(1, #"dns.query; dotprefix; content:".evil.com"; endswith;"#, proto: "dns"))
        func query(_ name: String) -> [UInt32] {
            h.sids([], ipProtocol: 17, appProto: "dns", appBuffers: [("dns.query", Array(name.utf8))])
        }
        XCTAssertEqual(query("evil.com"), [1])
        XCTAssertEqual(query("sub.evil.com"), [1])
        XCTAssertEqual(query("notevil.com"), [])
    }

    func testAFastPatternInAnApplicationBufferIsLookedForThere() {
        var h = RuleHarness(rule(1, #"http.uri; content:"/admin";"#, proto: "http"))
        XCTAssertEqual(h.sids(Array("GET /admin".utf8), appProto: "http", appBuffers: [("http.uri", Array("/admin/x".utf8))]), [1])
        XCTAssertEqual(h.sids(Array("GET /admin".utf8), appProto: "http"), [], "no uri buffer, no match")
        XCTAssertEqual(h.sids(Array("x".utf8), appProto: "http", appBuffers: [("http.uri", Array("/index".utf8))]), [])
    }

    func testAFlowbitSetByAPrefilteredRuleIsSeenOnTheSamePacket() {
        var h = RuleHarness(rule(1, #"content:"set"; flowbits:set,x; flowbits:noalert;"#) + "\n"
            + rule(2, "flowbits:isset,x;"))
        XCTAssertEqual(h.sids("nothing"), [])
        XCTAssertEqual(h.sids("set"), [2])
    }

    func testAPassRuleStillStopsTheRulesAfterIt() {
        var h = RuleHarness("pass tcp any any -> any any (msg:\"p\"; content:\"ok\"; sid:1;)\n" + rule(2, #"content:"o";"#))
        XCTAssertEqual(h.sids("ok"), [])
        XCTAssertEqual(h.sids("o"), [2])
    }
}

@testable import OTSensorSignatures
import XCTest

final class DetectPcreTests: XCTestCase {
    func testPcreFlags() {
        var h = RuleHarness([
            rule(1, #"pcre:"/^get \/[a-z]+$/i";"#),
            rule(2, #"pcre:"/^GET/";"#),
            rule(3, #"pcre:!"/admin/";"#),
        ].joined(separator: "\n"))
        XCTAssertEqual(h.sids("GET /index"), [1, 2, 3])
        XCTAssertEqual(h.sids("get /admin"), [1])
    }

    func testRelativePcreStartsAfterThePreviousMatchAndAnchorsThere() {
        // /R: the subject starts where "id=" ended, so ^ anchors there.
        var h = RuleHarness(rule(1, #"content:"id="; pcre:"/^[0-9]+&/R";"#))
        XCTAssertEqual(h.sids("id=42&"), [1])
        XCTAssertEqual(h.sids("id=x42&"), [])
    }

    func testRelativePcreChainsBacktrack() {
        // First "id=" (0) is followed by "x": the anchored pcre fails; the
        // content is retried at its second occurrence (5) where it succeeds.
        var h = RuleHarness(rule(1, #"content:"id="; pcre:"/^[0-9]+/R"; content:"&"; within:1;"#))
        XCTAssertEqual(h.sids("id=x&id=7&"), [1])
        // The pcre itself is retried: "a1" then "a2" — only "a2" has "!" after it.
        var g = RuleHarness(rule(2, #"pcre:"/a[0-9]/"; content:"!"; within:1;"#))
        XCTAssertEqual(g.sids("a1 a2!"), [2])
        XCTAssertEqual(g.sids("a1 a2?"), [])
    }

    func testCatastrophicBacktrackingIsBoundedAndCounted() {
        // (a|aa)+ has Fibonacci-many ways to split 60 a's before failing at "!".
        var h = RuleHarness(rule(1, #"pcre:"/^(a|aa)+$/";"#))
        let started = Date()
        XCTAssertEqual(h.sids(String(repeating: "a", count: 60) + "!"), [])
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(h.engine.pcreLimitHits, 1)
    }

    func testPcreThatDoesNotCompileIsReported() {
        let rules = RuleSet.parse(rule(1, #"pcre:"/(unclosed/";"#))
        XCTAssertEqual(rules.report.loaded, 0)
        XCTAssertEqual(rules.report.malformed.count, 1)
        XCTAssertTrue(rules.report.malformed[0].reason.contains("does not compile"), rules.report.malformed[0].reason)
    }

    func testHTTPModifierSelectsTheBuffer() {
        var h = RuleHarness(rule(1, #"pcre:"/\.php$/U";"#))
        XCTAssertEqual(h.sids(Array("GET /a.php".utf8)), [])
        XCTAssertEqual(h.sids(Array("x".utf8), appBuffers: [("http.uri", Array("/a.php".utf8))]), [1])
    }
}

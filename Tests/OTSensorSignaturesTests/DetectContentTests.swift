@testable import OTSensorSignatures
import XCTest

/// content and its modifiers; every expected match is worked out by hand on
/// the payload in the test.
final class DetectContentTests: XCTestCase {
    func testPlainContentMatchesAnywhereAndIsCaseSensitive() {
        var h = RuleHarness(rule(1, #"content:"GET";"#))
        XCTAssertEqual(h.sids("xxGETyy"), [1])
        XCTAssertEqual(h.sids("xxgetyy"), [])
        XCTAssertEqual(h.sids(""), [], "no payload, no content match")
    }

    func testNocaseFoldsASCIIOnly() {
        var h = RuleHarness(rule(1, #"content:"GeT"; nocase;"#))
        XCTAssertEqual(h.sids("a get"), [1])
        XCTAssertEqual(h.sids("G E T"), [])
    }

    func testHexAndEscapes() {
        var h = RuleHarness(rule(1, #"content:"a|0d 0A|b\;\"\\";"#))
        XCTAssertEqual(h.sids([0x61, 0x0D, 0x0A, 0x62, 0x3B, 0x22, 0x5C]), [1])
        XCTAssertEqual(h.sids([0x61, 0x0A, 0x0D, 0x62, 0x3B, 0x22, 0x5C]), [])
    }

    func testDepthAndOffsetBoundTheWindow() {
        // "abcdef": "cd" starts at 2, ends at 4.
        var h = RuleHarness(rule(1, #"content:"cd"; offset:2; depth:2;"#) + "\n" + rule(2, #"content:"cd"; depth:3;"#)
            + "\n" + rule(3, #"content:"cd"; offset:3;"#) + "\n" + rule(4, #"content:"cd"; depth:4;"#))
        XCTAssertEqual(h.sids("abcdef"), [1, 4])
    }

    func testDistanceAndWithinAreRelativeToThePreviousMatch() {
        // "ab" ends at 2; "ef" starts at 4: distance 2 ok, within 4 covers [2,6).
        var h = RuleHarness([
            rule(1, #"content:"ab"; content:"ef"; distance:2; within:4;"#),
            rule(2, #"content:"ab"; content:"ef"; distance:3;"#),
            rule(3, #"content:"ab"; content:"ef"; within:3;"#),
            rule(4, #"content:"cd"; content:"ab"; distance:-4; within:2;"#),
        ].joined(separator: "\n"))
        XCTAssertEqual(h.sids("abcdefgh"), [1, 4])
    }

    func testRelativeChainBacktracksToALaterOccurrence() {
        // The first "a=" (at 0) is followed by "x", the second (at 4) by "1":
        // Suricata retries the first content at its next occurrence.
        var h = RuleHarness(rule(1, #"content:"a="; content:"1"; within:1;"#))
        XCTAssertEqual(h.sids("a=x;a=1"), [1])
        XCTAssertEqual(h.sids("a=x;a=2"), [])
    }

    func testStartsWithAndEndsWith() {
        var h = RuleHarness(rule(1, #"content:"GET "; startswith;"#) + "\n" + rule(2, #"content:".exe"; endswith;"#))
        XCTAssertEqual(h.sids("GET /a.exe"), [1, 2])
        XCTAssertEqual(h.sids(" GET /a.exe "), [])
    }

    func testNegatedContent() {
        var h = RuleHarness(rule(1, #"content:"GET"; content:!"admin"; distance:0;"#))
        XCTAssertEqual(h.sids("GET /index"), [1])
        XCTAssertEqual(h.sids("GET /admin"), [])
        XCTAssertEqual(h.sids("admin GET /"), [1], "the negation is relative: admin before GET does not count")
    }

    func testNegatedContentOnAMissingBufferDoesNotMatch() {
        // Suricata's documented pitfall: no http.uri buffer means no match at all.
        var h = RuleHarness(rule(1, #"http.uri; content:!"/admin";"#))
        XCTAssertEqual(h.sids("GET /"), [])
        XCTAssertEqual(h.sids(Array("GET /".utf8), appBuffers: [("http.uri", Array("/".utf8))]), [1])
        XCTAssertEqual(h.sids(Array("GET /".utf8), appBuffers: [("http.uri", Array("/admin".utf8))]), [])
    }

    func testFastPatternIsAcceptedAndStillPositional() {
        var h = RuleHarness(rule(1, #"content:"xyz"; fast_pattern; depth:3;"#) + "\n"
            + rule(2, #"content:"abcdef"; fast_pattern:2,2;"#))
        XCTAssertEqual(h.sids("xyzabcdef"), [1, 2])
        XCTAssertEqual(h.sids("axyz"), [])
    }

    func testStickyBuffersAndLegacyModifiers() {
        var h = RuleHarness(rule(1, #"content:"/cgi"; http_uri; content:"POST"; http_method;"#) + "\n"
            + rule(2, #"http.uri; content:"/cgi"; startswith; bsize:8;"#) + "\n"
            + rule(3, #"dns.query; dotprefix; content:".evil.com"; endswith;"#))
        let uri = Array("/cgi-bin".utf8)
        XCTAssertEqual(h.sids(Array("x".utf8), appBuffers: [("http.uri", uri), ("http.method", Array("POST".utf8))]),
                       [1, 2])
        XCTAssertEqual(h.sids(Array("x".utf8), appBuffers: [("dns.query", Array("evil.com".utf8))]), [3])
        XCTAssertEqual(h.sids(Array("x".utf8), appBuffers: [("dns.query", Array("notevil.com".utf8))]), [])
    }
}

@testable import OTSensorSignatures
import XCTest

/// Fast pattern choice as Suricata's documentation states it
/// (docs.suricata.io, "fast_pattern" and "Suricata Fast Pattern
/// Determination Explained"); each expected pattern and strength is worked
/// out by hand from those rules.
final class FastPatternTests: XCTestCase {
    private func fast(_ options: String, proto: String = "tcp") -> FastPattern? {
        let set = RuleSet.parse(rule(1, options, proto: proto))
        XCTAssertEqual(set.report.loaded, 1, set.report.malformed.description)
        return set.signatures.first.flatMap(FastPattern.choose)
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testTheDocumentationsUserAgentExample() {
        // "User-Agent|3A|" (11 bytes) is longer than "Badness" (7): it is chosen...
        XCTAssertEqual(fast(#"content:"User-Agent|3A|"; content:"Badness"; distance:0;"#)?.pattern, bytes("User-Agent:"))
        // ...unless fast_pattern names the other one.
        XCTAssertEqual(fast(#"content:"User-Agent|3A|"; content:"Badness"; distance:0; fast_pattern;"#)?.pattern,
                       bytes("Badness"))
    }

    func testFastPatternOnlyAndChop() {
        XCTAssertEqual(fast(#"content:"abc"; fast_pattern:only; content:"longer one";"#)?.pattern, bytes("abc"))
        // The documentation's "only the last four characters" of "aaaaaaaaabc" (11 bytes) are 7,4.
        XCTAssertEqual(fast(#"content:"aaaaaaaaabc"; fast_pattern:7,4;"#)?.pattern, bytes("aabc"))
        // Its literal 8,4 ends past the content, which Suricata's DetectFastPatternSetup rejects too.
        let set = RuleSet.parse(rule(1, #"content:"aaaaaaaaabc"; fast_pattern:8,4;"#))
        XCTAssertEqual(set.report.loaded, 0)
        XCTAssertEqual(set.report.malformed.count, 1)
    }

    func testApplicationBuffersOutrankThePayloadButHttpMethodDoesNot() {
        // http_uri has priority 2, the payload 3: the shorter uri content wins.
        let uri = fast(#"content:"a much longer payload"; content:"/x.php"; http_uri;"#)
        XCTAssertEqual(uri?.buffer, .app("http.uri"))
        XCTAssertEqual(uri?.pattern, bytes("/x.php"))
        // http_method (priority 4) is below the payload (3).
        let method = fast(#"content:"GET"; http_method; content:"ab";"#)
        XCTAssertEqual(method?.buffer, .payload)
        XCTAssertEqual(method?.pattern, bytes("ab"))
    }

    func testNegatedContentsAreIgnoredAndANegatedOnlyRuleHasNone() {
        XCTAssertEqual(fast(#"content:!"very long negated"; content:"abc";"#)?.pattern, bytes("abc"))
        XCTAssertNil(fast(#"content:!"abc";"#), "only negated: the rule runs on every packet")
        XCTAssertNil(fast(#"content:"abcdef"; content:!"xyz"; fast_pattern;"#), "an explicit negated fast pattern")
        XCTAssertNil(fast(#"dsize:>3;"#), "no content at all")
    }

    func testEqualLengthsGoToTheStrongestThenTheFirst() {
        // "aaaa": 3 + 1 + 1 + 1 = 6; "abcd": 4 × 3 = 12.
        XCTAssertEqual(FastPattern.strength(bytes("aaaa")), 6)
        XCTAssertEqual(FastPattern.strength(bytes("abcd")), 12)
        XCTAssertEqual(fast(#"content:"aaaa"; content:"abcd";"#)?.pattern, bytes("abcd"))
        // |00 01 02 03|: 4 + 4 + 6 + 6 = 20 beats "abcd".
        XCTAssertEqual(FastPattern.strength([0, 1, 2, 3]), 20)
        XCTAssertEqual(fast(#"content:"abcd"; content:"|00 01 02 03|";"#)?.pattern, [0, 1, 2, 3])
        // "12-4": four printable non-letters, 16; "abcd" and "efgh" tie at 12 and the first stays.
        XCTAssertEqual(FastPattern.strength(bytes("12-4")), 16)
        XCTAssertEqual(fast(#"content:"abcd"; content:"efgh";"#)?.pattern, bytes("abcd"))
    }

    func testCaseAndDotprefixGoWithThePattern() {
        let folded = fast(#"content:"AbC"; nocase;"#)
        XCTAssertEqual(folded?.pattern, bytes("AbC"))
        XCTAssertEqual(folded?.nocase, true)
        let dotted = fast(#"dns.query; dotprefix; content:".example.com"; endswith;"#, proto: "dns")
        XCTAssertEqual(dotted?.buffer, .app("dns.query"))
        XCTAssertEqual(dotted?.dotPrefix, true)
    }
}

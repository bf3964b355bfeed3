@testable import OTSensorSignatures
import XCTest

/// byte_test, byte_jump, byte_extract, isdataat, dsize.
final class DetectBytesTests: XCTestCase {
    func testByteTestOperatorsAndEndianness() {
        // Bytes 1..2 = 0x01 0x00: big-endian 256, little-endian 1.
        var h = RuleHarness([
            rule(1, "byte_test:2,=,256,1;"),
            rule(2, "byte_test:2,=,1,1,little;"),
            rule(3, "byte_test:2,>,300,1;"),
            rule(4, "byte_test:2,!=,300,1;"),
            rule(5, "byte_test:1,&,0x80,0;"),
            rule(6, "byte_test:2,<,2,1,little;"),
        ].joined(separator: "\n"))
        XCTAssertEqual(h.sids([0x81, 0x01, 0x00, 0xFF]), [1, 2, 4, 5, 6])
        XCTAssertEqual(h.sids([0x81]), [5], "only the 1-byte test has its bytes")
    }

    func testByteTestStringAndRelative() {
        // "len=123;" : after "len=" come the digits "123".
        var h = RuleHarness(rule(1, #"content:"len="; byte_test:3,>,100,0,relative,string,dec;"#) + "\n"
            + rule(2, #"content:"len="; byte_test:2,=,0x12,0,relative,string,hex;"#))
        XCTAssertEqual(h.sids("len=123;"), [1, 2])
        XCTAssertEqual(h.sids("len=099;"), [])
    }

    func testByteTestBitmask() {
        // 0x1F & 0xF0 = 0x10, shifted right by 4 = 1.
        var h = RuleHarness(rule(1, "byte_test:1,=,1,0,bitmask 0xF0;"))
        XCTAssertEqual(h.sids([0x1F]), [1])
        XCTAssertEqual(h.sids([0x2F]), [])
    }

    func testByteJumpMovesTheCursor() {
        // Length byte 3 at 0, skip 3 bytes after it: cursor at 4, where "OK" is.
        var h = RuleHarness(rule(1, #"byte_jump:1,0; content:"OK"; within:2;"#) + "\n"
            + rule(2, #"byte_jump:1,0,multiplier 2; content:"OK"; within:2;"#))
        XCTAssertEqual(h.sids([3, 0x61, 0x61, 0x61, 0x4F, 0x4B]), [1])
        XCTAssertEqual(h.sids([2, 0x61, 0x61, 0x61, 0x61, 0x4F, 0x4B]), [2], "2*2 = 4 bytes skipped: OK at 5")
        XCTAssertEqual(h.sids([9, 0x4F, 0x4B]), [], "a jump past the end fails")
    }

    func testByteExtractFeedsLaterKeywords() {
        // The first byte says where the marker is: 2 → "XY" at offset 3 (after
        // the extract ended at 1, distance 2).
        var h = RuleHarness(rule(1, #"byte_extract:1,0,off; content:"XY"; distance:off; within:2;"#) + "\n"
            + rule(2, "byte_extract:1,0,want; byte_test:1,=,want,1;"))
        XCTAssertEqual(h.sids([2, 0x00, 0x00, 0x58, 0x59]), [1], "rule 2: byte 1 is 0, not 2")
        XCTAssertEqual(h.sids([5, 5]), [2])
    }

    func testByteExtractDepthIsNotUsedByThePrefilter() {
        // Suricata pitfall: depth from a variable must not narrow the fast
        // pattern; "ABCD" is at 5..9, depth comes from byte 0 (= 9).
        var h = RuleHarness(rule(1, #"byte_extract:1,0,d; content:"ABCD"; depth:d; fast_pattern;"#))
        XCTAssertEqual(h.sids([9, 0, 0, 0, 0, 0x41, 0x42, 0x43, 0x44]), [1])
        XCTAssertEqual(h.sids([8, 0, 0, 0, 0, 0x41, 0x42, 0x43, 0x44]), [])
    }

    func testIsDataAt() {
        var h = RuleHarness([
            rule(1, "isdataat:4;"),
            rule(2, "isdataat:!5;"),
            rule(3, #"content:"ab"; isdataat:2,relative;"#),
            rule(4, #"content:"ab"; isdataat:!3,relative;"#),
        ].joined(separator: "\n"))
        // "abcde": indexes 0..4; after "ab" (2) data at 2+2=4 yes, 2+3=5 no.
        XCTAssertEqual(h.sids("abcde"), [1, 2, 3, 4])
        // "abc": no byte at 4 or 4 (2+2); none at 5 (2+3) either, so the negations hold.
        XCTAssertEqual(h.sids("abc"), [2, 4])
    }

    func testDsize() {
        var h = RuleHarness([rule(1, "dsize:3;"), rule(2, "dsize:>3;"), rule(3, "dsize:2<>5;"), rule(4, "dsize:!3;")]
            .joined(separator: "\n"))
        XCTAssertEqual(h.sids("abc"), [1, 3])
        XCTAssertEqual(h.sids("abcde"), [2, 4])
    }

    func testDsizeNeedsAPayloadUnlessItCanBeZero() {
        // SignatureCreateMask: !N, >N, >=N, ranges and N > 0 need a payload,
        // dsize:0 needs none, <N and <=N take either.
        var h = RuleHarness([rule(1, "dsize:!9;"), rule(2, "dsize:<10;"), rule(3, "dsize:0;"), rule(4, "dsize:>=0;")]
            .joined(separator: "\n"))
        XCTAssertEqual(h.sids([]), [2, 3], "an empty packet: 0 != 9 and 0 >= 0, but no payload")
        XCTAssertEqual(h.sids(Array("abc".utf8)), [1, 2, 4])
        XCTAssertEqual(h.sids([], stream: [Array("abc".utf8)]), [1, 2, 4],
                       "a stream chunk counts as payload for the mask, the size is the packet's")
    }
}

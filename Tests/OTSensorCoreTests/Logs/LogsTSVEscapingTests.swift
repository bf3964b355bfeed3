import XCTest
@testable import OTSensorCore

/// LOGS.md §3.4, rule by rule. Expected texts are written as raw strings so that
/// every backslash in them is one byte of the log.
final class LogsTSVEscapingTests: XCTestCase {
    private func string(_ bytes: [UInt8]) -> String { encodeLogField(.string) { $0.string(bytes) } }
    private func string(_ text: String) -> String { string(Array(text.utf8)) }

    func testPrintableASCIIIsWrittenAsIs() {
        XCTAssertEqual(string("GET"), "GET")
        XCTAssertEqual(string(" a b "), " a b ")
        XCTAssertEqual(string("~!\"#$%&'()*+-./:;<=>?@[]^_`{|}"), "~!\"#$%&'()*+-./:;<=>?@[]^_`{|}")
    }

    func testNonPrintableBytesBecomeLowerCaseHexEscapes() {
        XCTAssertEqual(string("a\tb"), #"a\x09b"#)
        XCTAssertEqual(string([0x00]), #"\x00"#)
        XCTAssertEqual(string("line\r\n"), #"line\x0d\x0a"#)
        XCTAssertEqual(string([0x7F]), #"\x7f"#)
        XCTAssertEqual(string([0x1B, 0x5B]), #"\x1b["#)
        XCTAssertEqual(string("é"), #"\xc3\xa9"#)
        XCTAssertEqual(string([0xFF, 0xAB]), #"\xff\xab"#)
        // The two URIs of Zeek's json-non-printable-escaping baseline (TSV twin).
        XCTAssertEqual(string("/non_printable_\u{07}"), #"/non_printable_\x07"#)
        XCTAssertEqual(string(#"/non_printable_literal_\x07"#), #"/non_printable_literal_\\x07"#)
    }

    func testBackslashIsDoubled() {
        XCTAssertEqual(string(#"a\b"#), #"a\\b"#)
        XCTAssertEqual(string(#"\"#), #"\\"#)
    }

    func testCommaIsEscapedOnlyInsideContainers() {
        XCTAssertEqual(string("a,b"), "a,b")
        XCTAssertEqual(encodeLogField(.set(.string)) { $0.stringSet(["a,b", "c"]) }, #"a\x2cb,c"#)
        XCTAssertEqual(encodeLogField(.vector(.string)) { $0.stringVector([","]) }, #"\x2c"#)
    }

    func testValuesThatLookLikeMarkersAreEscaped() {
        XCTAssertEqual(string("-"), #"\x2d"#)
        XCTAssertEqual(string("(empty)"), #"\x28empty)"#)
        XCTAssertEqual(string("--"), "--")
        XCTAssertEqual(string("-x"), "-x")
        XCTAssertEqual(string("(empty) "), "(empty) ")
        XCTAssertEqual(encodeLogField(.enumeration) { $0.enumValue("-") }, #"\x2d"#)
    }

    func testContainerElementsFollowTheSameRules() {
        let elements: [[UInt8]] = [Array("-".utf8), Array("(empty)".utf8), [], Array("a\tb".utf8), Array(#"c\"#.utf8)]
        XCTAssertEqual(encodeLogField(.set(.string)) { $0.stringSet(elements) }, #"\x2d,\x28empty),(empty),a\x09b,c\\"#)
    }

    func testARowNeverStartsWithAHash() {
        let fields = [LogField(name: "a", type: .string), LogField(name: "b", type: .string)]
        XCTAssertEqual(encodeLogRow(fields) { $0.string("#x"); $0.string("#y") }, "\\x23x\t#y\n")
        XCTAssertEqual(encodeLogRow(fields) { $0.string("#"); $0.unset() }, "\\x23\t-\n")
        let setFirst = [LogField(name: "s", type: .set(.string)), LogField(name: "b", type: .string)]
        XCTAssertEqual(encodeLogRow(setFirst) { $0.stringSet(["#a", "#b"]); $0.string("x") }, "\\x23a,#b\tx\n")
        XCTAssertEqual(encodeLogRow(fields) { $0.string("x#"); $0.string("y") }, "x#\ty\n")
    }

    func testEscapingDoesNotDisturbTheFollowingFields() {
        let fields = [LogField(name: "a", type: .string), LogField(name: "n", type: .count)]
        XCTAssertEqual(encodeLogRow(fields) { $0.string("x\u{0}y"); $0.count(7) }, "x\\x00y\t7\n")
    }

    /// The word-at-a-time pre-check must flag every byte the rules escape, at
    /// every position of texts shorter than a word, of whole words and of a
    /// tail, in and out of containers, and flag nothing else.
    func testEightByteCheckFindsEveryByteThatNeedsEscaping() {
        for inContainer in [false, true] {
            for value in 0...255 {
                let byte = UInt8(value)
                let escaped = byte < 0x20 || byte > 0x7E || byte == 0x5C || (inContainer && byte == 0x2C)
                for length in 1...19 {
                    for position in 0..<length {
                        var text = [UInt8](repeating: 0x61, count: length)
                        text[position] = byte
                        let flagged = text.withUnsafeBytes { RowEncoder.mayNeedEscape($0, inContainer: inContainer) }
                        XCTAssertEqual(flagged, escaped,
                                       "byte \(value) at \(position) of \(length), container \(inContainer)")
                    }
                }
            }
            XCTAssertFalse([UInt8]().withUnsafeBytes { RowEncoder.mayNeedEscape($0, inContainer: inContainer) })
        }
    }
}

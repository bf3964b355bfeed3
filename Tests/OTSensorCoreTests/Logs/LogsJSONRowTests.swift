import XCTest
@testable import OTSensorCore

/// The JSON form (LOGS.md §3.6, Zeek's `LogAscii::use_json`).
final class LogsJSONRowTests: XCTestCase {
    private func json(_ type: ZeekType, _ body: (inout RowEncoder) -> Void) -> String {
        encodeLogField(type, format: .json, body)
    }

    private func jsonString(_ bytes: [UInt8]) -> String { json(.string) { $0.string(bytes) } }
    private func jsonString(_ text: String) -> String { jsonString(Array(text.utf8)) }

    func testRowKeepsSchemaOrderAndOmitsUnsetFields() {
        let fields = [
            LogField(name: "ts", type: .time), LogField(name: "uid", type: .string),
            LogField(name: "id.orig_h", type: .addr), LogField(name: "id.orig_p", type: .port),
            LogField(name: "id.resp_h", type: .addr), LogField(name: "id.resp_p", type: .port),
            LogField(name: "proto", type: .enumeration), LogField(name: "service", type: .string),
            LogField(name: "duration", type: .interval), LogField(name: "orig_bytes", type: .count),
            LogField(name: "local_orig", type: .bool), LogField(name: "missed_bytes", type: .count),
            LogField(name: "history", type: .string), LogField(name: "tunnel_parents", type: .set(.string)),
            LogField(name: "uri", type: .string),
        ]
        let row = encodeLogRow(fields, format: .json) { encoder in
            encoder.time(Timestamp(seconds: 1_445_000_735, microseconds: 22_969))
            encoder.string("CHhAvVGS1DHFjwGM9")
            encoder.addr(IPAddress(ipv4: 0x0A01_093F))
            encoder.port(63526)
            encoder.addr(IPAddress("fe80::c000:54ff:fef5:0")!)
            encoder.port(80)
            encoder.enumValue("tcp")
            encoder.unset()
            encoder.interval(Duration(nanoseconds: 755_677_000))
            encoder.count(207)
            encoder.bool(false)
            encoder.count(0)
            encoder.string("ShADTadtFf")
            encoder.unset()
            encoder.string([0x2F, 0x63, 0x61, 0x66, 0xE9])  // "/caf" + Latin-1 é: not UTF-8
        }
        XCTAssertEqual(row, #"{"ts":1445000735.022969,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"10.1.9.63","id.orig_p":63526,"# +
            #""id.resp_h":"fe80::c000:54ff:fef5:0","id.resp_p":80,"proto":"tcp","duration":0.755677,"orig_bytes":207,"# +
            #""local_orig":false,"missed_bytes":0,"history":"ShADTadtFf","uri":"/caf\\xe9"}"# + "\n")
    }

    func testAllUnsetIsAnEmptyObject() {
        let fields = [LogField(name: "a", type: .string), LogField(name: "b", type: .count)]
        XCTAssertEqual(encodeLogRow(fields, format: .json) { $0.unset(); $0.unset() }, "{}\n")
        XCTAssertEqual(encodeLogRow(fields, format: .json) { $0.unset(); $0.count(1) }, #"{"b":1}"# + "\n")
    }

    func testTimesAndIntervalsAreShortestNumbers() {
        XCTAssertEqual(json(.interval) { $0.interval(.seconds(900)) }, #"{"f":900.0}"#)
        XCTAssertEqual(json(.interval) { $0.interval(Duration(nanoseconds: 100_000)) }, #"{"f":0.0001}"#)
        XCTAssertEqual(json(.interval) { $0.interval(Duration(nanoseconds: 1_000)) }, #"{"f":0.000001}"#)
        XCTAssertEqual(json(.interval) { $0.interval(.zero) }, #"{"f":0.0}"#)
        XCTAssertEqual(json(.interval) { $0.interval(Duration(nanoseconds: -500_000_000)) }, #"{"f":-0.5}"#)
        XCTAssertEqual(json(.time) { $0.time(Timestamp(seconds: 1_445_000_735, microseconds: 0)) }, #"{"f":1445000735.0}"#)
        XCTAssertEqual(json(.time) { $0.time(Timestamp(seconds: 1_445_000_735, microseconds: 20_000)) }, #"{"f":1445000735.02}"#)
        // From 2^33 s on, doubles are more than 1 µs apart: the double's own shortest form is printed.
        XCTAssertEqual(json(.interval) { $0.interval(Duration(nanoseconds: 8_589_934_591_999_999_000)) },
                       #"{"f":8589934591.999999}"#)
        XCTAssertEqual(json(.interval) { $0.interval(Duration(nanoseconds: 9_000_000_000_000_001_000)) },
                       #"{"f":9000000000.000002}"#)
    }

    func testDoublesUseRapidjsonLayout() {
        func double(_ value: Double) -> String { json(.double) { $0.double(value) } }
        XCTAssertEqual(double(0.5), #"{"f":0.5}"#)
        XCTAssertEqual(double(3), #"{"f":3.0}"#)
        XCTAssertEqual(double(0.1), #"{"f":0.1}"#)
        XCTAssertEqual(double(123456.789), #"{"f":123456.789}"#)
        XCTAssertEqual(double(-0.0), #"{"f":-0.0}"#)
        XCTAssertEqual(double(1e-7), #"{"f":1e-7}"#)
        XCTAssertEqual(double(1.5e-7), #"{"f":1.5e-7}"#)
        XCTAssertEqual(double(0.000001), #"{"f":0.000001}"#)
        XCTAssertEqual(double(1e20), #"{"f":100000000000000000000.0}"#)
        XCTAssertEqual(double(1e21), #"{"f":1e21}"#)
        XCTAssertEqual(double(1.5e300), #"{"f":1.5e300}"#)
        XCTAssertEqual(double(.leastNonzeroMagnitude), #"{"f":5e-324}"#)
        XCTAssertEqual(double(.nan), #"{"f":null}"#)
        XCTAssertEqual(double(-.infinity), #"{"f":null}"#)
    }

    func testIntegersBoolsAndAddresses() {
        XCTAssertEqual(json(.count) { $0.count(UInt64.max) }, #"{"f":18446744073709551615}"#)
        XCTAssertEqual(json(.int) { $0.int(-1) }, #"{"f":-1}"#)
        XCTAssertEqual(json(.port) { $0.port(8) }, #"{"f":8}"#)
        XCTAssertEqual(json(.bool) { $0.bool(true) }, #"{"f":true}"#)
        XCTAssertEqual(json(.addr) { $0.addr(IPAddress("::1")!) }, #"{"f":"::1"}"#)
        XCTAssertEqual(json(.string) { $0.macAddress(MACAddress(value: 0x0A0B_0C0D_0E0F)) }, #"{"f":"0a:0b:0c:0d:0e:0f"}"#)
    }

    func testContainersAreArrays() {
        XCTAssertEqual(json(.set(.string)) { $0.stringSet(["a", "b,c"]) }, #"{"f":["a","b,c"]}"#)
        XCTAssertEqual(json(.set(.enumeration)) { $0.enumSet([String]()) }, #"{"f":[]}"#)
        XCTAssertEqual(json(.vector(.count)) { $0.countVector([1, 3, 6, 15]) }, #"{"f":[1,3,6,15]}"#)
        XCTAssertEqual(json(.vector(.interval)) { $0.intervalVector([.seconds(900), Duration(nanoseconds: 1_500_000)]) },
                       #"{"f":[900.0,0.0015]}"#)
        XCTAssertEqual(json(.vector(.string)) { $0.stringVector(["", "-", "(empty)"]) }, #"{"f":["","-","(empty)"]}"#)
    }

    func testStringsUseJSONEscapesForQuoteBackslashAndTheFivePrintableControls() {
        XCTAssertEqual(jsonString(#"say "hi""#), #"{"f":"say \"hi\""}"#)
        XCTAssertEqual(jsonString(#"a\b"#), #"{"f":"a\\b"}"#)
        XCTAssertEqual(jsonString("\u{8}\u{9}\u{A}\u{C}\u{D}"), #"{"f":"\b\t\n\f\r"}"#)
        XCTAssertEqual(jsonString(""), #"{"f":""}"#)
        XCTAssertEqual(jsonString("-"), #"{"f":"-"}"#)
    }

    func testOtherControlsBecomeZeekHexEscapes() {
        // The BEL byte and the literal text `\x07` of Zeek's json-non-printable-escaping baseline.
        XCTAssertEqual(jsonString("/non_printable_\u{07}"), #"{"f":"/non_printable_\\x07"}"#)
        XCTAssertEqual(jsonString(#"/non_printable_literal_\x07"#), #"{"f":"/non_printable_literal_\\x07"}"#)
        XCTAssertEqual(jsonString([0x00, 0x1F, 0x7F]), #"{"f":"\\x00\\x1f\\x7f"}"#)
    }

    func testValidUTF8IsKept() {
        XCTAssertEqual(jsonString("/printable_😄"), #"{"f":"/printable_😄"}"#)
        XCTAssertEqual(jsonString("é ü 中"), #"{"f":"é ü 中"}"#)
        XCTAssertEqual(jsonString("a\u{A0}b"), "{\"f\":\"a\u{A0}b\"}")
    }

    func testInvalidUTF8BytesAreHexEscaped() {
        XCTAssertEqual(jsonString([0xFF]), #"{"f":"\\xff"}"#)
        XCTAssertEqual(jsonString([0x61, 0xE9, 0x62]), #"{"f":"a\\xe9b"}"#)  // lone Latin-1 byte
        XCTAssertEqual(jsonString([0xC0, 0xAF]), #"{"f":"\\xc0\\xaf"}"#)  // overlong "/"
        XCTAssertEqual(jsonString([0xED, 0xA0, 0x80]), #"{"f":"\\xed\\xa0\\x80"}"#)  // surrogate
        XCTAssertEqual(jsonString([0xF0, 0x9F, 0x98]), #"{"f":"\\xf0\\x9f\\x98"}"#)  // truncated
        XCTAssertEqual(jsonString([0xF4, 0x90, 0x80, 0x80]), #"{"f":"\\xf4\\x90\\x80\\x80"}"#)  // above U+10FFFF
    }

    func testCharactersZeekRefusesAreEscapedEvenWhenWellFormed() {
        XCTAssertEqual(jsonString([0xC2, 0x85]), #"{"f":"\\xc2\\x85"}"#)  // C1 control NEL
        XCTAssertEqual(jsonString([0xEE, 0x80, 0x80]), #"{"f":"\\xee\\x80\\x80"}"#)  // private use U+E000
        XCTAssertEqual(jsonString([0xEF, 0xBF, 0xBD]), #"{"f":"\\xef\\xbf\\xbd"}"#)  // U+FFFD, specials block
    }

    func testOneBadByteEscapesTheWholeStringAsZeekDoes() {
        // Zeek's json_escape_utf8 unit test: "\xc3\xb1\xc0\x81" -> "\\xc3\\xb1\\xc0\\x81".
        XCTAssertEqual(jsonString([0xC3, 0xB1, 0xC0, 0x81]), #"{"f":"\\xc3\\xb1\\xc0\\x81"}"#)
        XCTAssertEqual(jsonString(Array("é\u{7}".utf8)), #"{"f":"\\xc3\\xa9\\x07"}"#)
        XCTAssertEqual(jsonString(Array("é\n".utf8)), #"{"f":"é\n"}"#)
    }
}

@testable import OTSensorCore
import XCTest

/// A text vector's elements go into a TSV row as they are written, unescaped.
/// That is right only while every element is text escaping leaves alone, so
/// every name an S7 vector element (or `rosctr`) can hold is checked here, and
/// the vector's encodings are held to the generic container encoder's.
final class LogsTextVectorTests: XCTestCase {
    private func isPlain(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { RowEncoder.isPrintedAsIs($0, inContainer: true) }
    }

    private func needsNoEscaping(_ text: String) -> Bool {
        !Array(text.utf8).withUnsafeBytes { RowEncoder.mayNeedEscape($0, inContainer: true) }
    }

    /// Every name an element can contain has no byte to escape; the names an
    /// element can consist of, or start with, are also never empty or a marker
    /// (the others follow a prefix such as `group=`).
    func testEveryNameAnS7VectorElementCanHoldNeedsNoEscaping() {
        let wholeOrLeading: [(String, (UInt8) -> String)] = [
            ("rosctr", S7Names.rosctr), ("returnCode", S7Names.returnCode), ("area", S7Names.area),
            ("dataTransportSize", S7Names.dataTransportSize), ("vartabArea", S7Names.vartabArea),
        ]
        let inner: [(String, (UInt8) -> String)] = [
            ("function", S7Names.function), ("errorClass", S7Names.errorClass),
            ("itemTransportSize", S7Names.itemTransportSize), ("userDataMode", S7Names.userDataMode),
            ("userDataGroup", S7Names.userDataGroup),
        ]
        for value in UInt8.min...UInt8.max {
            for (table, name) in wholeOrLeading where !isPlain(name(value)) {
                XCTFail("\(table)(\(value)) = \(name(value).debugDescription)")
            }
            for (table, name) in inner where !needsNoEscaping(name(value)) {
                XCTFail("\(table)(\(value)) = \(name(value).debugDescription)")
            }
            for group in UInt8.min...UInt8.max {
                if let name = S7Names.userDataSubfunction(group: group, value), !needsNoEscaping(name) {
                    XCTFail("userDataSubfunction(\(group), \(value)) = \(name.debugDescription)")
                }
            }
        }
        for value in UInt16.min...UInt16.max where !needsNoEscaping(S7PlusDecoder.functionName(value)) {
            XCTFail("S7comm-plus function \(value) = \(S7PlusDecoder.functionName(value))")
        }
    }

    func testMarkersAndEscapedBytesAreNotPlain() {
        for text in ["", "-", "(empty)", "a,b", "a\\b", "tab\there", "\u{7F}"] {
            XCTAssertFalse(isPlain(text), "\(text.debugDescription)")
        }
        for text in ["-1.500000", "(0)", "(empty", "--"] { XCTAssertTrue(isPlain(text), text) }
    }

    private func encodeTextVector(_ elements: [String], format: LogFormat = .zeekTSV) -> String {
        encodeLogRow([LogField(name: "v", type: .vector(.string))], format: format) { row in
            row.beginTextVector()
            for element in elements { row.textElement { $0.append(text: element) } }
            row.endTextVector()
        }
    }

    func testVectorEncodesAsTheGenericContainerDoes() {
        let field = LogField(name: "v", type: .vector(.string))
        let cases = [["type=Read Variable", "42", "DB 1.DBX 10.0 BYTE 4"], ["7"], []]
        for elements in cases {
            for format in [LogFormat.zeekTSV, .json] {
                XCTAssertEqual(encodeTextVector(elements, format: format),
                               encodeLogRow([field], format: format) { $0.stringVector(elements) }, "\(elements) \(format)")
            }
        }
        XCTAssertEqual(encodeTextVector(cases[0]), "type=Read Variable,42,DB 1.DBX 10.0 BYTE 4\n")
        XCTAssertEqual(encodeTextVector([]), "(empty)\n")
    }

    /// JSON escapes what TSV prints as it is (a quote); the element is then re-encoded.
    func testJSONElementThatNeedsEscapingIsEscaped() {
        let field = LogField(name: "v", type: .vector(.string))
        let elements = [#"say "hi""#, "plain"]
        XCTAssertEqual(encodeTextVector(elements, format: .json),
                       encodeLogRow([field], format: .json) { $0.stringVector(elements) })
        XCTAssertEqual(encodeTextVector(elements, format: .json), #"{"v":["say \"hi\"","plain"]}"# + "\n")
    }
}

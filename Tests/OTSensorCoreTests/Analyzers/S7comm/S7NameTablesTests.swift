@testable import OTSensorCore
import XCTest

/// The pre-rendered tables print exactly what the name functions print, for
/// every byte value, known or not (`function (99)`).
final class S7NameTablesTests: XCTestCase {
    func testEveryValueOfEveryTableMatchesItsNameFunction() {
        let names = S7NameTables.shared
        let tables: [(String, ByteNameTable, (UInt8) -> String)] = [
            ("rosctr", names.rosctr, S7Names.rosctr),
            ("function", names.function, S7Names.function),
            ("errorClass", names.errorClass, S7Names.errorClass),
            ("returnCode", names.returnCode, S7Names.returnCode),
            ("area", names.area, S7Names.area),
            ("itemTransportSize", names.itemTransportSize, S7Names.itemTransportSize),
            ("dataTransportSize", names.dataTransportSize, S7Names.dataTransportSize),
            ("vartabArea", names.vartabArea, S7Names.vartabArea),
            ("userDataMode", names.userDataMode, S7Names.userDataMode),
            ("userDataGroup", names.userDataGroup, S7Names.userDataGroup),
        ]
        for (label, table, name) in tables {
            for value in UInt8.min...UInt8.max {
                var text: [UInt8] = []
                table.append(value, to: &text)
                XCTAssertEqual(String(decoding: text, as: UTF8.self), name(value), "\(label)(\(value))")
            }
        }
        XCTAssertEqual(S7Names.function(4), "Read Variable")
        XCTAssertEqual(S7Names.function(99), "function (99)")
    }
}

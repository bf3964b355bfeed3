@testable import OTSensorCore
import XCTest

/// The pre-rendered tables print exactly what the name functions print, for
/// every byte value, known or not (`function (99)`).
final class S7NameTablesTests: XCTestCase {
    func testEveryValueOfEveryTableMatchesItsNameFunction() {
        let tables: [(String, ByteNameTable, (UInt8) -> String)] = [
            ("rosctr", S7NameTables.rosctr, S7Names.rosctr),
            ("function", S7NameTables.function, S7Names.function),
            ("errorClass", S7NameTables.errorClass, S7Names.errorClass),
            ("returnCode", S7NameTables.returnCode, S7Names.returnCode),
            ("area", S7NameTables.area, S7Names.area),
            ("itemTransportSize", S7NameTables.itemTransportSize, S7Names.itemTransportSize),
            ("dataTransportSize", S7NameTables.dataTransportSize, S7Names.dataTransportSize),
            ("vartabArea", S7NameTables.vartabArea, S7Names.vartabArea),
            ("userDataMode", S7NameTables.userDataMode, S7Names.userDataMode),
            ("userDataGroup", S7NameTables.userDataGroup, S7Names.userDataGroup),
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

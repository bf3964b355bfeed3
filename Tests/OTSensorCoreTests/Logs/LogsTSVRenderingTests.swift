import Foundation
import XCTest
@testable import OTSensorCore

/// Value rendering in TSV, LOGS.md §3.3; expectations worked out from the spec.
final class LogsTSVRenderingTests: XCTestCase {
    func testTimeHasSixDecimalsRoundedToTheMicrosecond() {
        func time(_ nanoseconds: Int64) -> String { encodeLogField(.time) { $0.time(Timestamp(nanoseconds: nanoseconds)) } }
        XCTAssertEqual(encodeLogField(.time) { $0.time(Timestamp(seconds: 1_445_000_735, microseconds: 22_969)) }, "1445000735.022969")
        XCTAssertEqual(time(1_445_000_735_022_968_500), "1445000735.022969")  // half a microsecond rounds up
        XCTAssertEqual(time(1_445_000_735_022_968_499), "1445000735.022968")
        XCTAssertEqual(time(0), "0.000000")
        XCTAssertEqual(time(999), "0.000001")
        XCTAssertEqual(time(1_000_000_000), "1.000000")
        XCTAssertEqual(time(-1_500_000_000), "-1.500000")
    }

    /// Rows in one encoder share the seconds they were last printed with: every
    /// decimal digit in every position, and a change of second, print as
    /// `printf("%d.%06d")` does.
    func testConsecutiveTimesPrintEveryDecimalDigit() {
        let fields = [LogField(name: "ts", type: .time)]
        var encoder = RowEncoder(schema: LogSchema(path: "t", fields: fields, osectFraming: .z8), format: .zeekTSV)
        var expected = ""
        for (index, seconds) in [Int64(1_700_000_000), 1_700_000_000, 1_700_000_001, 9, 4_102_444_800].enumerated() {
            for digit in Int64(0)...9 {
                // 0, 111111, …, 999999 then the digit at one position only.
                let micros = [digit * 111_111, digit * Int64(pow(10, Double((digit + Int64(index)) % 6)))]
                for value in micros {
                    encoder.beginRow()
                    encoder.time(Timestamp(seconds: seconds, microseconds: value))
                    encoder.endRow()
                    expected += String(format: "%lld.%06lld\n", seconds, value)
                }
            }
        }
        XCTAssertEqual(String(decoding: encoder.bytes, as: UTF8.self), expected)
    }

    /// The decimals land after seconds of every length (the text's every byte
    /// offset), with the seconds growing and shrinking in one encoder.
    func testTimesAfterSecondsOfEveryLength() {
        let fields = [LogField(name: "ts", type: .time)]
        var encoder = RowEncoder(schema: LogSchema(path: "t", fields: fields, osectFraming: .z8), format: .zeekTSV)
        let lengths = Array(1...10) + Array((1...9).reversed())
        // n digits: 10^(n-1) + n (ten digits stay clear of Int64's nanoseconds' end).
        let seconds = lengths.map { Int64("1" + String(repeating: "0", count: $0 - 1))! + Int64($0) }
        var expected = ""
        for (index, second) in seconds.enumerated() {
            let micros = Int64(index) * 52_631 % 1_000_000
            encoder.beginRow()
            encoder.time(Timestamp(seconds: second, microseconds: micros))
            encoder.endRow()
            expected += String(format: "%lld.%06lld\n", second, micros)
        }
        XCTAssertEqual(String(decoding: encoder.bytes, as: UTF8.self), expected)
    }

    func testIntervalHasSixDecimalsAndMayBeNegative() {
        func interval(_ nanoseconds: Int64) -> String { encodeLogField(.interval) { $0.interval(Duration(nanoseconds: nanoseconds)) } }
        XCTAssertEqual(interval(100_000), "0.000100")
        XCTAssertEqual(interval(755_677_000), "0.755677")
        XCTAssertEqual(encodeLogField(.interval) { $0.interval(.seconds(900)) }, "900.000000")
        XCTAssertEqual(interval(-500_000_000), "-0.500000")
        XCTAssertEqual(interval(-1_000), "-0.000001")
        XCTAssertEqual(interval(-400), "0.000000")  // rounds to zero: no "-0"
        XCTAssertEqual(interval(12_345_678_901_234), "12345.678901")
    }

    func testIntegers() {
        XCTAssertEqual(encodeLogField(.count) { $0.count(207) }, "207")
        XCTAssertEqual(encodeLogField(.count) { $0.count(0) }, "0")
        XCTAssertEqual(encodeLogField(.count) { $0.count(UInt64.max) }, "18446744073709551615")
        XCTAssertEqual(encodeLogField(.int) { $0.int(222) }, "222")
        XCTAssertEqual(encodeLogField(.int) { $0.int(-1) }, "-1")
        XCTAssertEqual(encodeLogField(.int) { $0.int(Int64.min) }, "-9223372036854775808")
        XCTAssertEqual(encodeLogField(.port) { $0.port(80) }, "80")
        XCTAssertEqual(encodeLogField(.port) { $0.port(0) }, "0")
        XCTAssertEqual(encodeLogField(.port) { $0.port(65535) }, "65535")
    }

    /// Counts below a million print from digit tables: every digit count and
    /// every value up to 20,000, then a stride to past the million, print as
    /// `String(_:)` does, into a row and into a plain array alike.
    func testCountsPrintEveryDigitAsStringDoes() {
        let edges: [UInt64] = [0, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 99_999, 100_000, 100_001,
                               999_999, 1_000_000, 1_000_001, 4_294_967_295]
        for value in edges + Array(0...20_000) + Array(stride(from: 20_001, through: 1_000_100, by: 997)) {
            var array: [UInt8] = []
            LogText.appendDecimal(value, to: &array)
            XCTAssertEqual(String(decoding: array, as: UTF8.self), String(value))
            XCTAssertEqual(encodeLogField(.count) { $0.count(value) }, String(value))
        }
    }

    func testBoolEnumAndMAC() {
        XCTAssertEqual(encodeLogField(.bool) { $0.bool(true) }, "T")
        XCTAssertEqual(encodeLogField(.bool) { $0.bool(false) }, "F")
        XCTAssertEqual(encodeLogField(.enumeration) { $0.enumValue("tcp") }, "tcp")
        XCTAssertEqual(encodeLogField(.string) { $0.macAddress(MACAddress(value: 0x0011_22AA_BBCC)) }, "00:11:22:aa:bb:cc")
        XCTAssertEqual(encodeLogField(.string) { $0.macAddress(.zero) }, "00:00:00:00:00:00")
    }

    func testDoubleHasAtMostSixDecimalsAndNeverLooksIntegral() {
        func double(_ value: Double) -> String { encodeLogField(.double) { $0.double(value) } }
        XCTAssertEqual(double(0.5), "0.5")
        XCTAssertEqual(double(3), "3.0")
        XCTAssertEqual(double(0), "0.0")
        XCTAssertEqual(double(-2.25), "-2.25")
        XCTAssertEqual(double(123.456), "123.456")
        XCTAssertEqual(double(0.1234567), "0.123457")
        XCTAssertEqual(double(0.000001), "0.000001")
        XCTAssertEqual(double(1.0000001), "1.0")
        XCTAssertEqual(double(0.9999996), "1.0")
        XCTAssertEqual(double(2_147_483_648.25), "2147483648.25")
        XCTAssertEqual(double(1e10), "10000000000.0")
        XCTAssertEqual(double(.nan), "nan")
        XCTAssertEqual(double(.infinity), "inf")
        XCTAssertEqual(double(-.infinity), "-inf")
    }

    func testUnsetIsADashAndEmptyIsTheEmptyMarker() {
        let fields = [LogField(name: "a", type: .string), LogField(name: "b", type: .set(.string)),
                      LogField(name: "c", type: .vector(.count)), LogField(name: "d", type: .count)]
        XCTAssertEqual(encodeLogRow(fields) { $0.unset(); $0.unset(); $0.unset(); $0.unset() }, "-\t-\t-\t-\n")
        XCTAssertEqual(encodeLogRow(fields) { $0.string(""); $0.stringSet([String]()); $0.countVector([Int]()); $0.count(0) },
                       "(empty)\t(empty)\t(empty)\t0\n")
    }

    func testContainersJoinElementsWithTheSetSeparator() {
        XCTAssertEqual(encodeLogField(.vector(.count)) { $0.countVector([1, 3, 6, 15]) }, "1,3,6,15")
        XCTAssertEqual(encodeLogField(.vector(.interval)) { $0.intervalVector([.seconds(900), .seconds(900)]) },
                       "900.000000,900.000000")
        XCTAssertEqual(encodeLogField(.set(.string)) { $0.stringSet(["Teredo", "GRE"]) }, "Teredo,GRE")
        XCTAssertEqual(encodeLogField(.set(.enumeration)) { $0.enumSet([StaticString]()) }, "(empty)")
        XCTAssertEqual(encodeLogField(.vector(.string)) { $0.stringVector(["text/html"]) }, "text/html")
    }

    func testRowsAreTabSeparatedAndEndInLF() {
        let fields = [LogField(name: "ts", type: .time), LogField(name: "proto", type: .enumeration),
                      LogField(name: "n", type: .count)]
        var encoder = RowEncoder(schema: LogSchema(path: "t", fields: fields, osectFraming: .z1), format: .osect)
        for n in 1...2 {
            encoder.beginRow()
            encoder.time(Timestamp(seconds: 10, microseconds: 0))
            encoder.enumValue("udp")
            encoder.count(n)
            encoder.endRow()
        }
        XCTAssertEqual(String(decoding: encoder.bytes, as: UTF8.self), "10.000000\tudp\t1\n10.000000\tudp\t2\n")
        XCTAssertEqual(encoder.rowCount, 2)
        encoder.removeAllRows()
        XCTAssertEqual(Array(encoder.bytes), [])
        XCTAssertEqual(encoder.rowCount, 0)
    }

    func testStringOverloadsLogTheSameBytes() {
        let bytes: [UInt8] = Array("GET".utf8)
        let expected = "GET"
        XCTAssertEqual(encodeLogField(.string) { $0.string("GET" as String) }, expected)
        XCTAssertEqual(encodeLogField(.string) { $0.string("GET" as StaticString) }, expected)
        XCTAssertEqual(encodeLogField(.string) { $0.string("xGETx".dropFirst().dropLast()) }, expected)
        XCTAssertEqual(encodeLogField(.string) { $0.string(bytes) }, expected)
        XCTAssertEqual(encodeLogField(.string) { $0.string(bytes[...]) }, expected)
        XCTAssertEqual(encodeLogField(.string) { encoder in bytes.withUnsafeBytes { encoder.string($0) } }, expected)
    }

    func testTypeNamesAreZeeksSpelling() {
        let types: [ZeekType] = [.time, .interval, .count, .int, .port, .addr, .string, .enumeration, .bool, .double,
                                 .set(.string), .set(.enumeration), .vector(.count), .vector(.string), .vector(.interval)]
        XCTAssertEqual(types.map(\.name), ["time", "interval", "count", "int", "port", "addr", "string", "enum", "bool",
                                           "double", "set[string]", "set[enum]", "vector[count]", "vector[string]",
                                           "vector[interval]"])
    }
}

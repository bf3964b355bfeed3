#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import OTSensorCore
import XCTest

// A REAL value is printed as C's `%f` prints it (LOGS.md §6.15, without the
// plugin's 0.000000 defect). The renderer prints most values without printf;
// these tests hold it to glibc's own `%f` on the values where a shortcut could
// go wrong: halfway cases, signed zeros, tiny negatives, the fast path's edge,
// and a large sample of arbitrary bit patterns.
final class S7RealFormattingTests: XCTestCase {
    private func printf(_ value: Double) -> String {
        withVaList([value]) { arguments in
            var buffer = [CChar](repeating: 0, count: 400)
            _ = vsnprintf(&buffer, buffer.count, "%f", arguments)
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    private func rendered(_ value: Float) -> String {
        var text: [UInt8] = []
        S7ItemFormats.appendFixedSixDecimals(Double(value), to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    func testHandPickedValuesMatchPrintf() {
        let values: [Float] = [
            0, -0, 1, -1, 1.5, -1.5, 0.1, 3.25, 123456.789, 1e-7, -1e-7, 5e-7, -5e-7, 4.9999997e-7,
            0.0000005, 0.0000015, 0.0000025, 2.5e-6, Float.leastNonzeroMagnitude, -Float.leastNonzeroMagnitude,
            Float.leastNormalMagnitude, 999_999.94, 16_777_216, 999_999_995_904, Float(1e12 as Double),
            -999_999_995_904, Float.greatestFiniteMagnitude, -Float.greatestFiniteMagnitude,
            .infinity, -.infinity, .nan, -Float.nan,
            // Odd multiples of 2^-7 are exact ties at the sixth decimal: half to even.
            0.0078125, -0.0078125, 0.0234375, 1.0078125, 100.0390625, -3.0546875,
        ]
        for value in values {
            XCTAssertEqual(rendered(value), printf(Double(value)), "bits 0x\(String(value.bitPattern, radix: 16))")
        }
    }

    func testArbitraryBitPatternsMatchPrintf() {
        var generator = SystemRandomNumberGenerator()
        var mismatches: [String] = []
        for _ in 0..<100_000 {
            let value = Float(bitPattern: generator.next())
            if rendered(value) != printf(Double(value)) { mismatches.append(String(value.bitPattern, radix: 16)) }
        }
        XCTAssertEqual(mismatches, [], "bit patterns rendered unlike printf")
    }

    func testValuesNextToHalfwayPointsMatchPrintf() {
        var mismatches: [String] = []
        // The floats around (k + 0.5) * 10^-6 and (k + 0.5) for small k, both signs:
        // where rounding to six decimals is decided by the last bits.
        for k in 0..<5_000 {
            for halfway in [(Double(k) + 0.5) * 1e-6, Double(k) + 0.5, Double(k) * 1000 + 0.0000005] {
                var value = Float(halfway).nextDown.nextDown.nextDown
                for _ in 0..<7 {
                    for signed in [value, -value] where rendered(signed) != printf(Double(signed)) {
                        mismatches.append(String(signed.bitPattern, radix: 16))
                    }
                    value = value.nextUp
                }
            }
        }
        XCTAssertEqual(mismatches, [], "values next to halfway points rendered unlike printf")
    }
}

@testable import OTSensorSignatures
import XCTest

/// threshold and detection_filter over a sequence of matches one second
/// apart; which are logged is worked out from detect-engine-threshold.c.
final class DetectThresholdTests: XCTestCase {
    func logged(_ options: String, times: [Int64], sources: [UInt32]? = nil) -> [Bool] {
        let rules = RuleSet.parse(rule(1, options))
        XCTAssertEqual(rules.report.loaded, 1, "\(rules.report)")
        var throttle = AlertThrottle()
        return times.enumerated().map { i, t in
            throttle.admits(rules.signatures[0], index: 0, time: t * 1_000_000_000,
                            source: RuleIP(v4: sources?[i] ?? 1), destination: RuleIP(v4: 2))
        }
    }

    func testLimit() {
        // First 2 in each 10 s period; the period restarts at t=11.
        XCTAssertEqual(logged("threshold:type limit, track by_src, count 2, seconds 10;", times: [0, 1, 2, 11, 12, 13]),
                       [true, true, false, true, true, false])
    }

    func testThresholdEveryNth() {
        XCTAssertEqual(logged("threshold:type threshold, track by_rule, count 3, seconds 60;", times: [0, 1, 2, 3, 4, 5]),
                       [false, false, true, false, false, true])
    }

    func testBoth() {
        XCTAssertEqual(logged("threshold:type both, track by_dst, count 2, seconds 60;", times: [0, 1, 2, 3]),
                       [false, true, false, false])
    }

    func testDetectionFilter() {
        XCTAssertEqual(logged("detection_filter:track by_src, count 2, seconds 60;", times: [0, 1, 2, 3, 70, 71, 72]),
                       [false, false, true, true, false, false, true])
    }

    func testTrackedPerSource() {
        XCTAssertEqual(logged("threshold:type limit, track by_src, count 1, seconds 60;", times: [0, 1, 2, 3],
                              sources: [1, 2, 1, 2]),
                       [true, true, false, false])
    }

    func testBadThresholdIsMalformed() {
        let rules = RuleSet.parse(rule(1, "threshold:type limit, track by_src, count 1;"))
        XCTAssertEqual(rules.report.loaded, 0)
        XCTAssertEqual(rules.report.malformed.count, 1)
    }
}

@testable import OTSensorSignatures
import XCTest

/// threshold and detection_filter over a sequence of matches one second
/// apart; which are logged is worked out from detect-engine-threshold.c.
final class DetectThresholdTests: XCTestCase {
    func logged(_ options: String, times: [Int64], sources: [UInt32]? = nil, ports: [UInt16]? = nil,
                flows: [UInt64]? = nil) -> [Bool] {
        let rules = RuleSet.parse(rule(1, options))
        XCTAssertEqual(rules.report.loaded, 1, "\(rules.report)")
        var throttle = AlertThrottle()
        return times.enumerated().map { i, t in
            let a = RuleIP(v4: sources?[i] ?? 1), b = RuleIP(v4: 2)
            let flow = EveFlow(packetsToServer: 1, packetsToClient: 0, bytesToServer: 0, bytesToClient: 0,
                               startNanoseconds: 0, client: a, clientPort: 1, server: b, serverPort: 2)
            let alert = EveAlert(timeNanoseconds: t * 1_000_000_000, flowID: flows?[i] ?? 7, source: a, sourcePort: 1,
                                 destination: b, destinationPort: ports?[i] ?? 2, ipProtocol: 6, signature: 0,
                                 toServer: true, flow: flow)
            return throttle.admits(rules.signatures[0], index: 0, alert: alert)
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

    func testTrackedPerFlow() {
        XCTAssertEqual(logged("threshold:type limit, track by_flow, count 1, seconds 60;", times: [0, 1, 2],
                              flows: [1, 2, 1]),
                       [true, true, false])
    }

    func testDetectionFilterUniqueOnCountsDistinctPorts() {
        // Ports 22, 22, 23, 24: distinct counts 1, 1, 2, 3; logged once above 2.
        XCTAssertEqual(logged("detection_filter:track by_src, count 2, seconds 60, unique_on dst_port;",
                              times: [0, 1, 2, 3], ports: [22, 22, 23, 24]),
                       [false, false, false, true])
    }

    func testBadThresholdIsMalformed() {
        let rules = RuleSet.parse(rule(1, "threshold:type limit, track by_src, count 1;"))
        XCTAssertEqual(rules.report.loaded, 0)
        XCTAssertEqual(rules.report.malformed.count, 1)
    }
}

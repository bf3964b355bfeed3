import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// tshark as an independent oracle. Wireshark 4.0 (Debian 12) has NO CC-Link
// dissector at all (`tshark -G fields | grep -i cclink` lists none; neither IE
// Field/Control/TSN on EtherType 0x890F nor IE Field Basic on UDP 61450), so
// the oracle is what it does have: its Ethernet/IP/UDP framing (`eth.type`,
// `udp.port`) and the undissected payload (`data.data`). Frames are counted by
// the frame-type byte (and protocolVerType for testData/testDataAck), requests
// and responses by the subheader, and compared with the sum of `number` per
// pdu_type in our logs.
final class CCLinkOracleTests: XCTestCase {
    /// tshark's count of 0x890F frames per "frame type" (byte 0) and, for
    /// 0x11/0x12, per protocolVerType (byte 8) as `11/02`.
    private func tsharkFrameTypes(_ file: String) throws -> [String: Int] {
        let output = try runTshark(["-r", file, "-Y", "eth.type == 0x890f", "-T", "fields", "-e", "data.data"])
        var counts: [String: Int] = [:]
        for line in output.split(separator: "\n") {
            let hex = String(line)
            var key = String(hex.prefix(2))
            if (key == "11" || key == "12") && hex.count >= 18 { key += "/" + hex.dropFirst(16).prefix(2) }
            counts[key, default: 0] += 1
        }
        return counts
    }

    /// Our counts in the same keys: pdu_type names mapped back to frame types.
    private func ourFrameTypes(_ run: CCLinkRun) -> [String: Int] {
        let ieTypes = ["tokenM": "15", "setup": "13", "persuasion": "10", "setupAck": "14", "timer": "1c", "myStatus": "20",
                       "measure": "40", "measureAck": "41", "offset": "42", "update": "43", "cyclicDataRWw": "82",
                       "cyclicDataRY": "83", "cyclicDataRWr": "84", "cyclicDataRX": "85", "transient1": "22",
                       "transientAck": "23", "paramCheck": "28", "parameter": "29", "ipTransient": "26", "transient2": "25",
                       "connect": "00", "cyclicDataIn2": "8f"]
        let tsnTypes = ["cyclicM/cyclicMs": "c4", "cyclicS/cyclicSs": "c5", "acyclicPriority": "c0", "acyclicData": "c3",
                        "acyclicDetection Ver.0": "c1", "acyclicDetection Ver.1": "c1",
                        "acyclicDetectionAck Ver.0": "c2", "acyclicDetectionAck Ver.1": "c2",
                        "acyclicTestData": "11/02", "acyclicTestDataAck": "12/03"]
        var counts: [String: Int] = [:]
        for row in run.rows("cclink-ie.log") {
            let number = Int(row[10]) ?? 0
            let key: String
            switch (row[4], row[3]) {
            case ("testData", "cclink_ie_control"): key = "11/00"
            case ("testData", _): key = "11/01"
            case ("testDataAck", "cclink_ie_control"): key = "12/00"
            case ("testDataAck", _): key = "12/01"
            default: key = ieTypes[row[4]] ?? "?\(row[4])"
            }
            counts[key, default: 0] += number
        }
        for row in run.rows("cclink-ie-tsn.log") {
            counts[tsnTypes[row[5]] ?? "?\(row[5])", default: 0] += Int(row[9]) ?? 0
        }
        return counts
    }

    func testFieldFixtureFrameCountsAgreeWithTshark() throws {
        let capture = try ThirdPartyTestData.capture("cclink-ie/test1.pcap")
        let oracle = try tsharkFrameTypes(capture)
        XCTAssertEqual(oracle.values.reduce(0, +), 500)
        XCTAssertEqual(ourFrameTypes(try CCLinkHarness.run(file: capture)), oracle)
    }

    func testTSNFixtureFrameCountsAgreeWithTshark() throws {
        let capture = try ThirdPartyTestData.capture("cclink-ie/test2-tsn.pcapng")
        let oracle = try tsharkFrameTypes(capture)
        XCTAssertEqual(oracle.values.reduce(0, +), 360)
        XCTAssertEqual(ourFrameTypes(try CCLinkHarness.run(file: capture)), oracle)
    }

    func testFieldBasicFixtureCountsAgreeWithTshark() throws {
        let capture = try ThirdPartyTestData.capture("cclink-ief-basic/cclink_ief_basic_only.pcap")
        try assertFieldBasicCountsAgree(capture)
    }

    /// The generated cyclic scenario (IEF Basic and IE Field) against tshark.
    func testGeneratedCyclicTrafficCountsAgreeWithTshark() throws {
        let directory = try CCLinkHarness.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let capture = directory.appendingPathComponent("cyclic.pcap").path
        try Capture(CCLinkCyclicTraffic(basicSlaves: 3, fieldStations: 2).packets(cycles: 50)).write(to: capture)
        try assertFieldBasicCountsAgree(capture)
        let oracle = try tsharkFrameTypes(capture)
        XCTAssertEqual(oracle, ["82": 50, "83": 50, "84": 100, "85": 100, "15": 50])
        XCTAssertEqual(ourFrameTypes(try CCLinkHarness.run(file: capture)), oracle)
    }

    private func assertFieldBasicCountsAgree(_ capture: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let output = try runTshark(["-r", capture, "-Y", "udp.port == 61450", "-T", "fields", "-e", "data.data"])
        var oracle: [String: Int] = [:]
        for hex in output.split(separator: "\n") {
            switch hex.prefix(4) {
            case "5000": oracle["cyclicDataReq", default: 0] += 1
            case "d000": oracle["cyclicDataRes", default: 0] += 1
            default: oracle["other", default: 0] += 1
            }
        }
        let run = try CCLinkHarness.run(file: capture)
        XCTAssertEqual(run.numbers("cclink-ief-basic.log", by: 6), oracle, file: file, line: line)
    }
}

import CaptureGenerator
import OTSensorCore
import XCTest

// cclink-ie.log and cclink-ie-tsn.log from generated frames. Expected rows are
// worked out by hand from LOGS.md §6.14 (value rules and the "which optional
// fields each pdu_type sets" table) and appendix D; frame n is at cclinkTime(n).
final class CCLinkIETests: XCTestCase {
    private let a: EthernetAddress = 0x02_00_00_00_00_0A
    private let b: EthernetAddress = 0x02_00_00_00_00_0B
    private let macs = "02:00:00:00:00:0a\t02:00:00:00:00:0b"

    /// Every Field/Control layout, with the row each frame gives (§6.14).
    private var fieldAndControlFrames: [(payload: [UInt8], row: String)] {
        typealias F = CCLinkIEFrame
        return [
            (F.field(frameType: 0x15, nodeID: 1, srcNodeNumber: 1), "cclink_ie_field\ttokenM\t-\t-\t1\t-\t0x0001"),
            (F.field(frameType: 0x13, nodeID: 2, srcNodeNumber: 1, version: .control), "cclink_ie_control\tsetup\t-\t-\t2\t-\t0x0001"),
            (F.nodeTypeFrame(frameType: 0x10, nodeType: 0x30, srcNodeNumber: 1, version: 1),
             "cclink_ie_field\tpersuasion\t-\tmaster node\t-\t-\t0x0001"),
            (F.nodeTypeFrame(frameType: 0x11, nodeType: 0x21, srcNodeNumber: 2, version: 0),
             "cclink_ie_control\ttestData\t-\tmaster node in the Node-to-node test\t-\t-\t0x0002"),
            (F.nodeTypeFrame(frameType: 0x12, nodeType: 0x35, srcNodeNumber: 3, version: 1),
             "cclink_ie_field\ttestDataAck\t-\tremote I/O node\t-\t-\t0x0003"),
            (F.header(frameType: 0x14, srcNodeNumber: 4, version: 1), "cclink_ie_field\tsetupAck\t-\t-\t-\t-\t0x0004"),
            (F.header(frameType: 0x1C, srcNodeNumber: 4, version: 0), "cclink_ie_control\ttimer\t-\t-\t-\t-\t0x0004"),
            (F.field(frameType: 0x20, nodeID: 5, srcNodeNumber: 5, nodeType: 0x34),
             "cclink_ie_field\tmyStatus\t-\tremote device node\t5\t-\t0x0005"),
            (F.field(frameType: 0x20, nodeID: 6, srcNodeNumber: 6, version: .control, nodeType: 0x34),
             "cclink_ie_control\tmyStatus\t-\t-\t6\t-\t0x0006"),
            (F.field(frameType: 0x40, nodeID: 7, srcNodeNumber: 7, version: .control), "cclink_ie_control\tmeasure\t-\t-\t-\t-\t0x0007"),
            (F.field(frameType: 0x82, nodeID: 8, srcNodeNumber: 8), "cclink_ie_field\tcyclicDataRWw\t-\t-\t8\t-\t0x0008"),
            (F.transient1(dataType: 0x05, nodeID: 9, connectionInfo: 0x13, srcNodeNumber: 9, ct: 0x30),
             "cclink_ie_field\ttransient1\tslmpTransmitRequest\t-\t9\t0x13\t0x0009"),
            (F.transient1(dataType: 0x07, nodeID: 10, connectionInfo: 0x14, srcNodeNumber: 10, command: 0x03, subCommand: 0x80),
             "cclink_ie_field\ttransient1\tgetStatisticalInformationResponse\t-\t10\t0x14\t0x000a"),
            (F.transient1(dataType: 0x08, nodeID: 11, connectionInfo: 0x15, srcNodeNumber: 11, command: 0x02, subCommand: 0x00),
             "cclink_ie_field\ttransient1\tobjectReadRequest\t-\t11\t0x15\t0x000b"),
            (F.transient1(dataType: 0x08, nodeID: 11, connectionInfo: 0x15, srcNodeNumber: 11, command: 0x09, subCommand: 0x00),
             "cclink_ie_field\ttransient1\tunknownCmd\\x09\\x00\t-\t11\t0x15\t0x000b"),
            (F.transient1(dataType: 0x05, nodeID: 12, connectionInfo: 0x16, srcNodeNumber: 12, version: .control, ct: 0x30),
             "cclink_ie_control\ttransient1\t-\t-\t12\t0x16\t0x000c"),
            (F.transient2(ct: 0x20, nodeID: 13, connectionInfo: 0x17, srcNodeNumber: 13),
             "cclink_ie_field\ttransient2\tmessageTransfer\t-\t13\t0x17\t0x000d"),
            // messageTransfer exists on Field only: on Control 0x20 is unknownCt + the raw byte (a space).
            (F.transient2(ct: 0x20, nodeID: 14, connectionInfo: 0x18, srcNodeNumber: 14, version: .control),
             "cclink_ie_control\ttransient2\tunknownCt \t-\t14\t0x18\t0x000e"),
            (F.field(frameType: 0x23, nodeID: 15, srcNodeNumber: 15, connectionInfo: 0x19),
             "cclink_ie_field\ttransientAck\t-\t-\t15\t0x19\t0x000f"),
            (F.field(frameType: 0x28, nodeID: 16, srcNodeNumber: 16, version: .control, connectionInfo: 0x19),
             "cclink_ie_control\tparamCheck\t-\t-\t-\t-\t0x0010"),
            (F.control(frameType: 0x00, srcNodeNumber: 17), "cclink_ie_control\tconnect\t-\t-\t-\t-\t0x0011"),
            (F.control(frameType: 0x8F, srcNodeNumber: 18), "cclink_ie_control\tcyclicDataIn2\t-\t-\t-\t-\t0x0012"),
            (F.header(frameType: 0x84, nodeID: 1, srcNodeNumber: 1, version: 0x05),
             "unknownserviceVerType\\x05\tcyclicDataRWr\t-\t-\t-\t-\t-"),
        ]
    }

    func testEveryFieldAndControlLayoutGivesItsRow() throws {
        var clock = CCLinkClock()
        let frames = fieldAndControlFrames
        var packets = frames.map { clock.frame($0.payload, from: a, to: b) }
        let n = packets.count
        packets.append(clock.frame(frames[0].payload, from: a, to: b))                   // n: same key as frame 0
        packets.append(clock.frame(CCLinkIEFrame.field(frameType: 0x15, nodeID: 1, srcNodeNumber: 2), from: a, to: b)) // n+1
        packets.append(clock.frame(frames[0].payload, from: b, to: a))                   // n+2: other direction
        let run = try CCLinkHarness.run(packets)
        XCTAssertEqual(run.fields("cclink-ie.log"), ["ts", "src_mac", "dst_mac", "service", "pdu_type", "cmd", "node_type",
                                                     "node_id", "connection_info", "src_node_number", "number", "ts_end"])
        var expected = frames.enumerated().map { i, frame in
            "\(cclinkTime(i))\t\(macs)\t\(frame.row)\t1\t\(cclinkTime(i))"
        }
        expected[0] = "\(cclinkTime(0))\t\(macs)\t\(frames[0].row)\t2\t\(cclinkTime(n))"
        expected.append("\(cclinkTime(n + 1))\t\(macs)\tcclink_ie_field\ttokenM\t-\t-\t1\t-\t0x0002\t1\t\(cclinkTime(n + 1))")
        expected.append("\(cclinkTime(n + 2))\t02:00:00:00:00:0b\t02:00:00:00:00:0a\t\(frames[0].row)\t1\t\(cclinkTime(n + 2))")
        XCTAssertEqual(run.lines("cclink-ie.log"), expected)
        XCTAssertEqual(run.lines("cclink-ie-tsn.log"), [])
        XCTAssertTrue(run.anomalies.isEmpty, "\(run.anomalies)")
    }

    func testTSNFramesGiveTheirRows() throws {
        typealias F = CCLinkIEFrame
        var clock = CCLinkClock()
        let packets = [
            clock.frame(F.tsn(frameType: 0xC4), from: a, to: b),
            clock.frame(F.tsn(frameType: 0xC5), from: a, to: b),
            clock.frame(F.tsn(frameType: 0xC0), from: a, to: b),
            clock.frame(F.tsn(frameType: 0xC3), from: a, to: b),
            clock.frame(F.tsnDetection(version: 1), from: a, to: b),
            // node type 0x80 → master station; 0x0021 servo; byte 174 0xC1 → bit 0x80 ignored, s, l.
            clock.frame(F.tsnDetectionAck(nodeType: 0x80, version: 0, deviceType: 0x0021, functions: (0xC1, 0x00)), from: a, to: b),
            // unknown node type and device type: unset; no function bit: (empty).
            clock.frame(F.tsnDetectionAck(nodeType: 0x07, version: 1, deviceType: 0x0099, functions: (0x00, 0x00)), from: a, to: b),
            clock.frame(F.nodeTypeFrame(frameType: 0x11, nodeType: 0x30, srcNodeNumber: 1, version: 2), from: a, to: b),
            clock.frame(F.nodeTypeFrame(frameType: 0x12, nodeType: 0x30, srcNodeNumber: 1, version: 3), from: a, to: b),
            clock.frame(F.tsn(frameType: 0xC4), from: a, to: b),                         // 9: aggregates with 0
            clock.frame(F.tsnDetection(version: 2), from: a, to: b),                     // 10: no row
            clock.frame(Array(F.tsnDetectionAck(nodeType: 0, version: 0, deviceType: 1, functions: (0, 0)).prefix(182)),
                        from: a, to: b),                                                 // 11: too short, no row
            clock.frame(F.tsnDetection(version: 0).prefix(4).map { $0 }, from: a, to: b), // 12: too short, no row
        ]
        let run = try CCLinkHarness.run(packets)
        XCTAssertEqual(run.fields("cclink-ie-tsn.log"), ["ts", "src_mac", "dst_mac", "service", "flame_type", "pdu_type",
                                                         "node_type", "device_type", "function_name", "number", "ts_end"])
        func row(_ i: Int, _ text: String, number: Int = 1, end: Int? = nil) -> String {
            "\(cclinkTime(i))\t\(macs)\t\(text)\t\(number)\t\(cclinkTime(end ?? i))"
        }
        XCTAssertEqual(run.lines("cclink-ie-tsn.log"), [
            row(0, "cclink_ie_tsn\tcyclic\tcyclicM/cyclicMs\t-\t-\t-", number: 2, end: 9),
            row(1, "cclink_ie_tsn\tcyclic\tcyclicS/cyclicSs\t-\t-\t-"),
            row(2, "cclink_ie_tsn\tacyclic\tacyclicPriority\t-\t-\t-"),
            row(3, "cclink_ie_tsn\tacyclic\tacyclicData\t-\t-\t-"),
            row(4, "cclink_ie_tsn\tacyclic\tacyclicDetection Ver.1\t-\t-\t-"),
            row(5, "cclink_ie_tsn\tacyclic\tacyclicDetectionAck Ver.0\tmaster station\tservo\tsl"),
            row(6, "cclink_ie_tsn\tacyclic\tacyclicDetectionAck Ver.1\t-\t-\t(empty)"),
            row(7, "cclink_ie_tsn\tacyclic\tacyclicTestData\tmaster station\t-\t-"),
            row(8, "cclink_ie_tsn&field\tacyclic\tacyclicTestDataAck\tmaster station\t-\t-"),
        ])
        XCTAssertEqual(run.lines("cclink-ie.log"), [])
        XCTAssertEqual(run.anomalies, ["cclink_ie_tsn.detection_version_unknown": 1, "cclink_ie_tsn.truncated": 2])
    }

    /// Product decision (differs from OsecT, which analyses untagged frames
    /// only): the decoder removes VLAN tags and tagged frames are logged too.
    func testVLANTaggedFramesAreAnalysed() throws {
        var clock = CCLinkClock()
        let run = try CCLinkHarness.run([
            clock.frame(CCLinkIEFrame.tsn(frameType: 0xC4), from: a, to: b, vlan: 10),
            clock.frame(CCLinkIEFrame.field(frameType: 0x15, nodeID: 1, srcNodeNumber: 1), from: a, to: b, vlan: 10),
        ])
        XCTAssertEqual(run.rows("cclink-ie-tsn.log").map { $0[5] }, ["cyclicM/cyclicMs"])
        XCTAssertEqual(run.rows("cclink-ie.log").map { $0[4] }, ["tokenM"])
    }

    func testMalformedFramesAreCountedAndTheRestIsDecoded() throws {
        typealias F = CCLinkIEFrame
        var clock = CCLinkClock()
        let packets = [
            clock.frame([], from: a, to: b),                                                          // empty
            clock.frame(Array(F.field(frameType: 0x15, nodeID: 1, srcNodeNumber: 1).prefix(13)), from: a, to: b),
            clock.frame([0x77] + [UInt8](repeating: 0, count: 40), from: a, to: b),                   // unknown type
            clock.frame(F.transient1(dataType: 0x06, nodeID: 1, connectionInfo: 1, srcNodeNumber: 1), from: a, to: b),
            clock.frame(Array(F.transient1(dataType: 0x05, nodeID: 1, connectionInfo: 1, srcNodeNumber: 1).prefix(52)),
                        from: a, to: b),
            clock.frame(Array(F.transient2(ct: 4, nodeID: 1, connectionInfo: 1, srcNodeNumber: 1).prefix(36)), from: a, to: b),
            clock.frame(F.nodeTypeFrame(frameType: 0x11, nodeType: 0x30, srcNodeNumber: 1, version: 4), from: a, to: b),
            clock.frame(F.field(frameType: 0x15, nodeID: 1, srcNodeNumber: 1), from: a, to: b),       // 7: decoded
        ]
        let run = try CCLinkHarness.run(packets)
        XCTAssertEqual(run.rows("cclink-ie.log").map { [$0[0], $0[4]] }, [[cclinkTime(7), "tokenM"]])
        XCTAssertEqual(run.anomalies, [
            "cclink_ie.empty_frame": 1, "cclink_ie.truncated_header": 1, "cclink_ie.unknown_frame_type": 1,
            "cclink_ie.transient_data_type_unknown": 1, "cclink_ie.truncated_transient": 2,
            "cclink_ie.test_data_version_unknown": 1,
        ])
    }

    func testRandomFramesNeverCrashAndEveryOneIsARowOrAnAnomaly() throws {
        var clock = CCLinkClock()
        var random = SplitMix64(seed: 0x890F)
        var packets: [Packet] = []
        for i in 0..<1_000 {
            let payload = (0..<random.int(in: 0...220)).map { _ in UInt8(random.int(in: 0...255)) }
            let source = EthernetAddress(0x02_00_00_00_10_00 | UInt64(i % 7))
            packets.append(clock.frame(payload, from: source, to: b, vlan: i % 5 == 0 ? 3 : nil))
        }
        packets.append(clock.frame(CCLinkIEFrame.tsn(frameType: 0xC5), from: a, to: b))
        let run = try CCLinkHarness.run(packets)
        let rows = run.rows("cclink-ie.log") + run.rows("cclink-ie-tsn.log")
        let logged = rows.reduce(0) { $0 + (Int($1[$1.count - 2]) ?? 0) }
        XCTAssertEqual(logged + run.anomalies.values.reduce(0, +), 1_001)
        XCTAssertTrue(run.rows("cclink-ie-tsn.log").contains { $0[0] == cclinkTime(1_000) && $0[5] == "cyclicS/cyclicSs" })
        XCTAssertGreaterThan(run.anomalies["cclink_ie.unknown_frame_type"] ?? 0, 0)
    }
}

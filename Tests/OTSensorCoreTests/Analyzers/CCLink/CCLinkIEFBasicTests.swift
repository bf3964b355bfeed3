import CaptureGenerator
import OTSensorCore
import XCTest

// cclink-ief-basic.log from generated captures. Every expected row is worked
// out by hand from LOGS.md §6.13: one row per (connection, pdu, cmd), ts = the
// first datagram of the key, number = datagrams, ts_end = the last one; the
// clock is 1 ms per packet (CCLinkClock), so packet n is at cclinkTime(n).
final class CCLinkIEFBasicTests: XCTestCase {
    private let master: IPv4Address = "192.168.3.10"
    private let broadcast: IPv4Address = "192.168.3.255"
    private let slave: IPv4Address = "192.168.3.11"

    /// Requests (3 cyclic + 1 with command bytes 01 04) and 3 responses.
    private func cyclicTraffic() -> [Packet] {
        var clock = CCLinkClock()
        let request = CCLinkIEFBasicMessage.request(stations: 1)
        let response = CCLinkIEFBasicMessage.response()
        return [
            clock.datagram(request, from: master, to: broadcast),                       // 0
            clock.datagram(response, from: slave, to: master),                          // 1
            clock.datagram(request, from: master, to: broadcast),                       // 2
            clock.datagram(response, from: slave, to: master),                          // 3
            clock.datagram(CCLinkIEFBasicMessage.request(stations: 1, command: 0x0104), from: master, to: broadcast), // 4
            clock.datagram(CCLinkIEFBasicMessage.request(stations: 0), from: master, to: broadcast), // 5 (N = 0 is valid)
            clock.datagram(response, from: slave, to: master),                          // 6
        ]
    }

    func testCyclicRequestsAndResponsesAggregatePerConnectionPDUAndCommand() throws {
        let run = try CCLinkHarness.run(cyclicTraffic())
        XCTAssertEqual(run.fields("cclink-ief-basic.log"),
                       ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "pdu", "cmd", "number", "ts_end"])
        let rows = run.rows("cclink-ief-basic.log")
        // Without the uid (column 1), checked against conn.log below.
        XCTAssertEqual(rows.map { $0.enumerated().filter { $0.offset != 1 }.map(\.element).joined(separator: "\t") }, [
            "\(cclinkTime(0))\t192.168.3.10\t61450\t192.168.3.255\t61450\tcyclicDataReq\tcyclic\t3\t\(cclinkTime(5))",
            "\(cclinkTime(1))\t192.168.3.11\t61450\t192.168.3.10\t61450\tcyclicDataRes\t-\t3\t\(cclinkTime(6))",
            "\(cclinkTime(4))\t192.168.3.10\t61450\t192.168.3.255\t61450\tcyclicDataReq\tunknown_ct_\\x01\\x04\t1\t\(cclinkTime(4))",
        ])
        // uid = conn.log's uid of the same connection; service confirmed there (§5.10).
        let conns = run.rows("conn.log")
        for row in rows {
            let conn = try XCTUnwrap(conns.first { $0[2] == row[2] && $0[4] == row[4] }, "no conn.log row for \(row)")
            XCTAssertEqual(conn[1], row[1])
            XCTAssertEqual(conn[7], "spicy_cclink_ie_field_basic")
        }
        XCTAssertEqual(Set(rows.map { $0[1] }).count, 2, "two connections, two uids")
        XCTAssertTrue(run.anomalies.isEmpty, "\(run.anomalies)")
    }

    func testOtherSubheadersAndTruncatedDatagramsAreCountedAndSkipped() throws {
        var clock = CCLinkClock()
        let request = CCLinkIEFBasicMessage.request(stations: 2)
        var shortDL = CCLinkIEFBasicMessage.response()
        shortDL[7] = 49; shortDL[8] = 0                                  // dl < 50
        let packets = [
            // Each on its own connection (own client port) so no violation disables another.
            clock.datagram([0x50], from: master, 40_001, to: broadcast, 61_450),
            clock.datagram(Array(request.prefix(60)), from: master, 40_002, to: broadcast, 61_450),
            clock.datagram(Array(request.dropLast()), from: master, 40_003, to: broadcast, 61_450),
            clock.datagram(Array(CCLinkIEFBasicMessage.response().dropLast()), from: slave, 40_004, to: master, 61_450),
            clock.datagram(shortDL, from: slave, 40_005, to: master, 61_450),
            clock.datagram([0x12, 0x34, 0x56], from: slave, 40_006, to: master, 61_451),
            clock.datagram(request, from: master, to: broadcast),        // 6: still decoded
        ]
        let run = try CCLinkHarness.run(packets)
        XCTAssertEqual(run.rows("cclink-ief-basic.log").map { [$0[0], $0[6], $0[8]] },
                       [[cclinkTime(6), "cyclicDataReq", "1"]])
        XCTAssertEqual(run.anomalies, [
            "cclink_ief_basic.truncated_header": 1, "cclink_ief_basic.truncated_request": 2,
            "cclink_ief_basic.truncated_response": 1, "cclink_ief_basic.response_length_invalid": 1,
            "cclink_ief_basic.unknown_subheader": 1,
        ])
    }

    /// §6.13: once confirmed, one violation stops the analyzer on that connection;
    /// before confirmation it takes more than five.
    func testViolationsDisableTheAnalyzerAsZeekDoes() throws {
        var clock = CCLinkClock()
        let request = CCLinkIEFBasicMessage.request(stations: 1)
        var packets = [
            clock.datagram(request, from: master, to: broadcast),                    // 0: confirms
            clock.datagram([0x50, 0x00], from: master, to: broadcast),               // 1: violation → disabled
            clock.datagram(request, from: master, to: broadcast),                    // 2: not logged
        ]
        for _ in 0..<5 { packets.append(clock.datagram([0xD0, 0x00], from: slave, to: master)) }  // 3–7
        packets.append(clock.datagram(CCLinkIEFBasicMessage.response(), from: slave, to: master))   // 8: logged
        let other: IPv4Address = "192.168.3.12"
        for _ in 0..<6 { packets.append(clock.datagram([0xD0, 0x00], from: other, to: master)) }    // 9–14
        packets.append(clock.datagram(CCLinkIEFBasicMessage.response(), from: other, to: master))   // 15: not logged
        let run = try CCLinkHarness.run(packets)
        XCTAssertEqual(run.rows("cclink-ief-basic.log").map { [$0[0], $0[2], $0[6], $0[8]] }, [
            [cclinkTime(0), "192.168.3.10", "cyclicDataReq", "1"],
            [cclinkTime(8), "192.168.3.11", "cyclicDataRes", "1"],
        ])
        XCTAssertEqual(run.anomalies["spicy_cclink_ie_field_basic.analyzer_disabled"], 2)
        XCTAssertEqual(run.anomalies["cclink_ief_basic.truncated_request"], 1)
        XCTAssertEqual(run.anomalies["cclink_ief_basic.truncated_response"], 11)
    }

    func testRandomDatagramsNeverCrashAndEveryOneIsARowOrAnAnomaly() throws {
        var clock = CCLinkClock()
        var random = SplitMix64(seed: 0x61450)
        var packets: [Packet] = []
        for i in 0..<300 {
            let length = random.int(in: 0...200)
            var payload = (0..<length).map { _ in UInt8(random.int(in: 0...255)) }
            // Half of them look like CC-Link so that the length checks are reached.
            if i % 2 == 0 && length >= 2 { payload[0] = [0x50, 0xD0][i % 4 / 2]; payload[1] = 0 }
            let client = IPv4Address(10, 0, UInt8(i / 200), UInt8(i % 200 + 1))
            packets.append(clock.datagram(payload, from: client, 61_450, to: master, [61_450, 61_451][i % 2]))
        }
        packets.append(clock.datagram(CCLinkIEFBasicMessage.request(stations: 3), from: master, to: broadcast))
        let run = try CCLinkHarness.run(packets)
        let logged = run.rows("cclink-ief-basic.log").reduce(0) { $0 + (Int($1[8]) ?? 0) }
        XCTAssertEqual(logged + run.anomalies.values.reduce(0, +), 301)
        XCTAssertEqual(run.rows("cclink-ief-basic.log").last?[0], cclinkTime(300), "the valid request after the noise is logged")
        XCTAssertGreaterThan(run.anomalies.count, 1)
    }
}

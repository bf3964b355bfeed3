import CaptureGenerator
import OTSensorCore
import XCTest

// The public cyclic-traffic scenario end to end, and thread-count independence.
final class CCLinkScenarioTests: XCTestCase {
    /// 50 cycles of 10 ms, 2 IEF Basic slaves, 1 IE Field station. Packets of a
    /// cycle are 20 µs apart: request, 2 responses, RWw, RY, RWr, RX, tokenM.
    /// Rows worked out by hand: one per key, number 50, ts_end 490 ms later.
    func testCyclicScenarioGivesOneRowPerStationAndPDU() throws {
        let traffic = CCLinkCyclicTraffic(basicSlaves: 2, fieldStations: 1)
        let run = try CCLinkHarness.run(traffic.packets(cycles: 50))
        func time(_ microseconds: Int) -> String { String(format: "1700000000.%06d", microseconds) }
        XCTAssertEqual(run.rows("cclink-ief-basic.log").map { [$0[0], $0[2], $0[4], $0[6], $0[7], $0[8], $0[9]] }, [
            [time(0), "172.16.0.10", "172.16.0.255", "cyclicDataReq", "cyclic", "50", time(490_000)],
            [time(20), "172.16.0.11", "172.16.0.10", "cyclicDataRes", "-", "50", time(490_020)],
            [time(40), "172.16.0.12", "172.16.0.10", "cyclicDataRes", "-", "50", time(490_040)],
        ])
        let master = "02:cc:01:00:00:00", station = "02:cc:01:00:01:00", broadcast = "ff:ff:ff:ff:ff:ff"
        XCTAssertEqual(run.lines("cclink-ie.log"), [
            "\(time(60))\t\(master)\t\(broadcast)\tcclink_ie_field\tcyclicDataRWw\t-\t-\t0\t-\t0x0000\t50\t\(time(490_060))",
            "\(time(80))\t\(master)\t\(broadcast)\tcclink_ie_field\tcyclicDataRY\t-\t-\t0\t-\t0x0000\t50\t\(time(490_080))",
            "\(time(100))\t\(station)\t\(master)\tcclink_ie_field\tcyclicDataRWr\t-\t-\t0\t-\t0x0001\t50\t\(time(490_100))",
            "\(time(120))\t\(station)\t\(master)\tcclink_ie_field\tcyclicDataRX\t-\t-\t0\t-\t0x0001\t50\t\(time(490_120))",
            "\(time(140))\t\(master)\t\(broadcast)\tcclink_ie_field\ttokenM\t-\t-\t1\t-\t0x0000\t50\t\(time(490_140))",
        ])
    }

    /// Many connections and MAC pairs spread over shards, random noise, equal
    /// timestamps across keys: --threads 1 and 2 write identical rows (native
    /// TSV without the wall-clock #open/#close lines) and identical osect files.
    func testOutputDoesNotDependOnThreadCount() throws {
        var packets = CCLinkCyclicTraffic(basicSlaves: 12, fieldStations: 10).packets(cycles: 30)
        var random = SplitMix64(seed: 7)
        for i in 0..<400 {
            var packet = packets[i]
            let payload = (0..<random.int(in: 0...80)).map { _ in UInt8(random.int(in: 0...255)) }
            let source = EthernetAddress(0x02_00_00_00_20_00 | UInt64(i % 13))
            packet.bytes = EthernetLink(source: source, destination: 0x02_00_00_00_00_0B)
                .frame(etherType: CCLinkIEFrame.etherType, payload: payload)
            packets.append(packet)                    // same timestamps as real packets
        }
        packets.sort { $0.time < $1.time }
        for format in [LogFormat.zeekTSV, .osect] {
            let one = try CCLinkHarness.run(packets, threads: 1, format: format)
            let two = try CCLinkHarness.run(packets, threads: 2, format: format)
            for file in ["cclink-ief-basic.log", "cclink-ie.log", "cclink-ie-tsn.log"] {
                if file != "cclink-ie-tsn.log" { XCTAssertFalse(one.lines(file).isEmpty, file) }
                XCTAssertEqual(one.lines(file), two.lines(file), "\(file) \(format)")
                if format == .osect { XCTAssertEqual(one.logs[file], two.logs[file], file) }
            }
            XCTAssertEqual(one.anomalies, two.anomalies)
        }
    }
}

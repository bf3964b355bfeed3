import CaptureGenerator
import XCTest

final class ScenarioTests: XCTestCase {
    func testSampleIsSmallOrderedAndAlwaysIdentical() throws {
        let sample = SampleCapture.make()
        // HTTP 10, REJ 2, S0 1, DNS 2, ping 2, Modbus 9, IPv6 HTTP 8, fragments 2;
        // the plant floor: S7 session 18 (handshake 3, COTP CR/CC 2, setup job/ack 2,
        // two polls of job/ack-data/ACK 6, COTP DR 1, FIN/FIN/ACK 3, ACKs 1),
        // CC-Link 3 cycles x (1 request + 2 responses + 2 master frames + 2 x 2
        // station frames + 1 token) = 30, ARP 2, DHCP 1, SSDP 1.
        XCTAssertEqual(sample.packets.count, 36 + 18 + 30 + 4)
        XCTAssertEqual(sample.packets.map(\.time), sample.packets.map(\.time).sorted())
        let bytes = try sample.fileBytes()
        XCTAssertLessThan(bytes.count, 16_384)
        XCTAssertEqual(bytes, try SampleCapture.make().fileBytes())
    }

    func testBenchmarkIsDeterministicPerSeedAndReachesItsSize() throws {
        func generate(seed: UInt64) throws -> (BenchmarkCapture.Summary, [UInt8]) {
            let output = OutputBuffer()
            let writer = try PcapWriter(output: output)
            let summary = try BenchmarkCapture(targetFileBytes: 400_000, concurrentFlows: 300, seed: seed).write(to: writer)
            return (summary, output.bytes)
        }
        let (summary, bytes) = try generate(seed: 9)
        XCTAssertGreaterThanOrEqual(bytes.count, 400_000)
        XCTAssertLessThan(bytes.count, 400_000 + 2_000)
        XCTAssertGreaterThan(summary.flows, 300, "finished flows are replaced")
        XCTAssertEqual(bytes.count, 24 + 16 * summary.packets + summary.packetBytes)
        XCTAssertEqual(bytes, try generate(seed: 9).1)
        XCTAssertNotEqual(bytes, try generate(seed: 10).1)
    }
}

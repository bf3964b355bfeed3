import CaptureGenerator
import Foundation
@testable import OTSensorCore
import XCTest

/// YAF flows (IP protocols other than TCP/UDP/ICMP) open at a slice's end are
/// carried with `--state` instead of closing with `eof`: seven one-minute
/// slices give the yaf_flow.log rows and the open flows of one run over the
/// whole capture.
final class CarriedYAFStateTests: XCTestCase {
    private static let start: Int64 = 1_700_000_000

    /// X: OSPF (89) at 5 s and 10 s, then again at 400 s, after YAF's 300 s idle
    /// timeout (the first flow closes `idle` then, a second one starts).
    /// Y: SCTP (132) every 30 s from 0 s to 410 s, open throughout.
    private func writeSlices(into directory: URL) throws -> (whole: URL, slices: [URL]) {
        func send(_ protocolNumber: UInt8, from client: HostAddress, to server: HostAddress,
                  at seconds: [Double]) -> [Packet] {
            seconds.flatMap { second -> [Packet] in
                var path = FlowPath(client: client, server: server, clock: PacketClock(
                    start: CaptureTime(seconds: Self.start).advanced(byNanoseconds: Int64(second * 1e9))))
                path.emit(RawPayload(protocolNumber: protocolNumber, payload: Array(repeating: 7, count: 40)),
                          from: .client)
                return path.packets
            }
        }
        let packets = send(89, from: "10.0.0.20", to: "224.0.0.5", at: [5, 10, 400])
            + send(132, from: "10.0.0.21", to: "10.0.0.22", at: Array(stride(from: 0.0, through: 410, by: 30)))
        let whole = directory.appendingPathComponent("whole.pcap")
        try Capture(packets).timeOrdered().write(to: whole.path)
        let slices = try (0..<7).map { minute in
            let from = CaptureTime(seconds: Self.start + Int64(60 * minute))
            let to = CaptureTime(seconds: Self.start + Int64(60 * (minute + 1)))
            let url = directory.appendingPathComponent("slice\(minute).pcap")
            try Capture(packets.filter { $0.time >= from && $0.time < to }).timeOrdered().write(to: url.path)
            return url
        }
        return (whole, slices)
    }

    private func analyse(_ input: URL, out: URL, state: URL) throws {
        var options = SliceOptions(inputPath: input.path, outputPath: out.path, threads: 2)
        options.stateDirectory = state.path
        let report = try SliceProcessor(options: options).run()
        XCTAssertEqual(report.manifest.warnings, [])
    }

    private func rows(_ directory: URL) throws -> [[String]] {
        EndToEnd.tsvRows(try String(contentsOf: directory.appendingPathComponent("yaf_flow.log"), encoding: .utf8))
    }

    func testYAFFlowsContinueAcrossSlices() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (whole, slices) = try writeSlices(into: directory)
        try analyse(whole, out: directory.appendingPathComponent("one"), state: directory.appendingPathComponent("s1"))
        for (k, slice) in slices.enumerated() {
            try analyse(slice, out: directory.appendingPathComponent("out\(k)"), state: directory.appendingPathComponent("s2"))
        }
        let expected = try rows(directory.appendingPathComponent("one"))
        let sliced = try (0..<7).flatMap { try rows(directory.appendingPathComponent("out\($0)")) }
        XCTAssertEqual(sliced, expected)
        // The one row: X's first flow, closed idle by its packet at 400 s, two packets of 60 bytes.
        XCTAssertEqual(expected.count, 1)
        XCTAssertEqual(expected.first.map { [$0[0], $0[4], $0[19], $0[20], $0[23]] },
                       ["\(Self.start + 5).000000", "ospfigp", "2", "120", "idle"])
        XCTAssertTrue(try rows(directory.appendingPathComponent("out6")) == expected, "written where it closed")

        let one = try XCTUnwrap(CarriedStateFile.read(directory: directory.appendingPathComponent("s1").path,
                                                      configuration: nil))
        let last = try XCTUnwrap(CarriedStateFile.read(directory: directory.appendingPathComponent("s2").path,
                                                       configuration: nil))
        XCTAssertEqual(one.flows.count, 2, "X's second flow and Y are open at the end")
        XCTAssertEqual(last.flows.map(Array.init), one.flows.map(Array.init))
    }
}

import CaptureGenerator
import Foundation
@testable import OTSensorCore
import XCTest

/// What the carried-state tests share: a clock on the generated capture's
/// time line, cutting a capture into one-minute slices, analysing with and
/// without `--state`, and reading rows.
class CarriedStateTestCase: XCTestCase {
    static let start: Int64 = 1_700_000_000

    /// A clock at `seconds` after the capture's start, 1 ms a packet.
    func at(_ seconds: Double) -> PacketClock {
        PacketClock(start: CaptureTime(seconds: Self.start).advanced(byNanoseconds: Int64(seconds * 1e9)),
                    step: 1_000_000)
    }

    /// Writes `packets` whole and cut into `minutes` one-minute slices from the capture's start.
    func write(_ packets: [Packet], minutes: Int, into directory: URL) throws -> (whole: URL, slices: [URL]) {
        let whole = directory.appendingPathComponent("whole.pcap")
        try Capture(packets).timeOrdered().write(to: whole.path)
        let slices = try (0..<minutes).map { minute in
            let from = CaptureTime(seconds: Self.start + Int64(60 * minute))
            let to = CaptureTime(seconds: Self.start + Int64(60 * (minute + 1)))
            let url = directory.appendingPathComponent("slice\(minute).pcap")
            try Capture(packets.filter { $0.time >= from && $0.time < to }).timeOrdered().write(to: url.path)
            return url
        }
        return (whole, slices)
    }

    @discardableResult
    func analyse(_ input: URL, out: URL, state: URL?, threads: Int = 2,
                 limits: CarriedStateLimits = CarriedStateLimits(), format: LogFormat = .zeekTSV) throws
        -> SliceReport {
        var options = SliceOptions(inputPath: input.path, outputPath: out.path, threads: threads, format: format,
                                   localNetworks: LocalNetworks(networks: nil))
        options.stateDirectory = state?.path
        options.stateLimits = limits
        let report = try SliceProcessor(options: options).run()
        ManifestSchema.validate(out.appendingPathComponent("manifest.json"))
        return report
    }

    func rows(_ directory: URL, _ log: String) throws -> [[String]] {
        EndToEnd.tsvRows(try String(contentsOf: directory.appendingPathComponent(log), encoding: .utf8))
    }

    /// Rows without their uid (column 2), sorted: uids of connections that
    /// start in a later slice come from that slice's input. File ids
    /// (http.log's fuids) are made from the uid, so they are masked too.
    func withoutUIDs(_ rows: [[String]]) -> [String] {
        rows.map { row in
            (row.prefix(1) + row.dropFirst(2)).map { Self.isFileIDList($0) ? "F…" : $0 }.joined(separator: "\t")
        }.sorted()
    }

    private static func isFileIDList(_ field: String) -> Bool {
        field.split(separator: ",").allSatisfy { id in
            id.first == "F" && id.count >= 12 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    /// Writes `packets` (see `write`); analyses the whole capture without
    /// state into `one` and the slices in order, with one state directory, into
    /// `out0`...
    @discardableResult
    func analyseWholeAndSliced(_ packets: [Packet], minutes: Int, in directory: URL) throws -> [SliceReport] {
        let (whole, slices) = try write(packets, minutes: minutes, into: directory)
        try analyse(whole, out: directory.appendingPathComponent("one"), state: nil)
        return try slices.enumerated().map { k, slice in
            try analyse(slice, out: directory.appendingPathComponent("out\(k)"), state: directory.appendingPathComponent("state"))
        }
    }
}

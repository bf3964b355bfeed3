import ArgumentParser
import CaptureGenerator
import Foundation

/// `capture-gen bench-slices`: an archive of small one-minute slices for the
/// reprocessing benchmark, named as `otsensor capture` names its slices.
struct BenchSlices: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-slices",
        abstract: "Writes a directory of small slices, one per minute, of the bench traffic mix.",
        discussion: """
        Slice i starts --start + 60·i seconds (UTC) and holds about --size-kb KiB of the `bench` \
        mix with --flows flows open at once (seed --seed + i), in DIR/<YYYYMMDDTHHMMSSZ>-bench.pcap, \
        so `otsensor reprocess DIR` sees one capture stream in time order.
        """
    )

    @Option(name: .long, help: "The directory to write the slices into (created if missing).")
    var out: String

    @Option(name: .long, help: "Number of slices.")
    var count: Int = 200

    @Option(name: .customLong("size-kb"), help: "About this many KiB per slice.")
    var sizeKB: Int = 64

    @Option(name: .long, help: "Flows open at the same time in each slice.")
    var flows: Int = 200

    @Option(name: .long, help: "Seed of the first slice; slice i uses seed + i.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Start of the first slice, in seconds since 1970 (UTC).")
    var start: Int64 = 1_700_000_040

    func validate() throws {
        guard count > 0, sizeKB > 0, flows > 0 else { throw ValidationError("--count, --size-kb and --flows must be positive") }
    }

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var bytes = 0
        for index in 0..<count {
            let begin = start + 60 * Int64(index)
            let path = "\(out)/\(Self.timeText(begin))-bench.pcap"
            let writer = try CaptureFileFormat.pcap().makeWriter(output: OutputBuffer(path: path))
            _ = try BenchmarkCapture(targetFileBytes: sizeKB << 10, concurrentFlows: flows, seed: seed &+ UInt64(index),
                                     start: CaptureTime(seconds: begin)).write(to: writer)
            try writer.close()
            bytes += writer.bytesWritten
        }
        print("wrote \(count) slices, \(bytes) bytes, to \(out)")
    }

    /// `YYYYMMDDTHHMMSSZ`, as otsensor's slice ids start.
    static func timeText(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}

import Dispatch
import Foundation
import OTSensorCore

/// What `otsensor reprocess` shows as it goes: a progress line on a terminal
/// (slices done of the total, MB/s, time left), warnings as they come, and a
/// summary at the end.
final class ReprocessProgress {
    private let line: ProgressLine
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let started = DispatchTime.now()
    private var totalSlices = 0, totalBytes = 0
    private var finishedSlices = 0, finishedBytes = 0
    private var summary = ReprocessSummary()
    private var shown = 0.0

    init(showsProgress: Bool) {
        line = ProgressLine(enabled: showsProgress, command: "reprocess")
    }

    func handle(_ event: ReprocessJob.Event) {
        switch event {
        case .planned(let slices, let bytes, let streams):
            totalSlices = slices
            totalBytes = bytes
            line.show("\(Self.count(slices, "slice")) in \(Self.count(streams, "stream")) to look at")
        case .finished(let slice, let outcome):
            finishedSlices += 1
            finishedBytes += slice.size
            summary.count(slice, outcome)
            // Ten lines a second at most: an archive of small slices finishes hundreds a second.
            guard elapsed - shown >= 0.1 || finishedSlices == totalSlices else { return }
            shown = elapsed
            line.show(progressText(current: slice.relativePath))
        case .warning(let text):
            line.clear()
            FileHandle.standardError.write(Data("\(isTerminal ? "" : "<4>")otsensor reprocess: warning: \(text)\n".utf8))
        }
    }

    /// `37/200 slices (12 already done, 1 failed)  41.3 MB/s  ETA 2m05s  <slice>`: the rate is
    /// of the bytes processed now, the time left is the bytes not yet looked at at that rate.
    private func progressText(current: String) -> String {
        let seconds = elapsed
        let rate = seconds > 0 ? Double(summary.bytesProcessed) / seconds : 0
        let left = rate > 0 ? Self.duration(Double(totalBytes - finishedBytes) / rate) : "--"
        // The line is rewritten in place: a path longer than the terminal would wrap it.
        let name = current.count > 40 ? "…" + current.suffix(39) : current
        return String(format: "%d/%d slices (%d already done, %d failed)  %.1f MB/s  ETA %@  %@", finishedSlices,
                      totalSlices, summary.alreadyDone, summary.problems.count, rate / 1e6, left, name)
    }

    /// Clears the line; the job's summary goes to standard output.
    func finish() {
        line.finish(nil)
    }

    /// The job's last words: counts, throughput, and every failed slice with its reason.
    func summaryLines(_ summary: ReprocessSummary) -> [String] {
        let seconds = elapsed
        var lines = [String(format: "reprocess: %@ in %@: %d processed, %d already done (skipped), %d failed; "
                            + "%.1f MB in %.1f s (%.1f MB/s, %.1f slices/s)", Self.count(summary.total, "slice"),
                            Self.count(summary.streams, "stream"), summary.processed, summary.alreadyDone,
                            summary.problems.count,
                            Double(summary.bytesProcessed) / 1e6, seconds,
                            seconds > 0 ? Double(summary.bytesProcessed) / 1e6 / seconds : 0,
                            seconds > 0 ? Double(summary.processed) / seconds : 0)]
        if summary.warmUps > 0 {
            lines.append("reprocess: \(Self.count(summary.warmUps, "slice")) processed again to warm up the carried state, "
                         + "outputs not kept")
        }
        lines += summary.problems.map { "reprocess: failed: \($0.slice): \($0.reason)" }
        return lines
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }

    private static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600 { return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60) }
        return whole >= 60 ? String(format: "%dm%02ds", whole / 60, whole % 60) : "\(whole)s"
    }
}

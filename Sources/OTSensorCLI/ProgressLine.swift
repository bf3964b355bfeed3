import Foundation

/// process-slice's progress on standard error: on a terminal one line
/// rewritten in place and replaced at the end by a one-line summary; when
/// progress is asked for elsewhere (`--progress` into a file), one line per
/// report. Disabled, it writes nothing.
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let inPlace: Bool

    init(enabled: Bool) {
        self.enabled = enabled
        inPlace = isatty(STDERR_FILENO) == 1
    }

    func show(_ text: String) {
        guard enabled else { return }
        write(inPlace ? "\r\u{1B}[Kprocess-slice: \(text)" : "process-slice: \(text)\n")
    }

    /// Clears the line and writes `summary`, if any.
    func finish(_ summary: String?) {
        guard enabled else { return }
        if inPlace { write("\r\u{1B}[K") }
        if let summary { write("process-slice: \(summary)\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

import Foundation

/// A command's progress on standard error (process-slice's, reprocess's): on a
/// terminal one line rewritten in place and replaced at the end by a one-line
/// summary; when progress is asked for elsewhere (`--progress` into a file),
/// one line per report. Disabled, it writes nothing.
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let inPlace: Bool
    private let command: String

    init(enabled: Bool, command: String = "process-slice") {
        self.enabled = enabled
        self.command = command
        inPlace = isatty(STDERR_FILENO) == 1
    }

    func show(_ text: String) {
        guard enabled else { return }
        write(inPlace ? "\r\u{1B}[K\(command): \(text)" : "\(command): \(text)\n")
    }

    /// Clears the line (before a message of its own goes to standard error).
    func clear() {
        if enabled && inPlace { write("\r\u{1B}[K") }
    }

    /// Clears the line and writes `summary`, if any.
    func finish(_ summary: String?) {
        guard enabled else { return }
        clear()
        if let summary { write("\(command): \(summary)\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

import Foundation
import Logging

/// Log lines for systemd's journal: `<3>otsensor.send: message`, the
/// sd-daemon priority prefix (sd-daemon(3)) and no timestamp of our own, so
/// that `journalctl -p err -u otsensor-send` filters by level and the journal's
/// own time is the only one. Used when standard error is not a terminal; a
/// person at a terminal gets swift-log's usual lines.
struct JournalLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    // swift-log's current entry point; the deprecated ones forward to it.
    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let details = merged.isEmpty ? ""
            : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        // One journal entry per line: a message with a newline would lose its priority on the next line.
        let text = "\(event.message)\(details)".replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("<\(Self.priority(event.level))>\(label): \(text)\n".utf8))
    }

    /// syslog(3) priorities, as sd-daemon.h defines SD_ERR and the others.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}

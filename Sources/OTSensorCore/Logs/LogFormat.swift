/// The on-disk form of a log (ARCHITECTURE.md product decision 1).
public enum LogFormat: Hashable, Sendable {
    /// Zeek's native TSV with the full header block and `#close`, so that every
    /// file describes itself and zeek-cut reads it unchanged. The default.
    case zeekTSV
    /// One JSON object per row, as Zeek writes with `LogAscii::use_json = T`.
    case json
    /// The existing sensor's shipped files: TSV rows in the schema's Z8/Z1 framing,
    /// byte for byte, for the existing cloud consumer.
    case osect
}

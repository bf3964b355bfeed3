/// Whether rows the log writer takes during the analysis stay in the shards.
enum RowRetention: Sendable {
    /// Rows leave the shards when taken and are freed once written, so a slice
    /// of millions of S7 rows holds about a chunk's worth, not the whole log.
    /// A row older than rows already written can then not be placed: the
    /// writer reports `RowsOutOfOrder`, and the slice is analysed again `.kept`.
    case released
    /// The shards keep every row to the end, so a log can be written again whole.
    case kept
}

/// A row arrived older than rows already written (the capture's times go back
/// across chunks) while the shards let written rows go.
struct RowsOutOfOrder: Error {}

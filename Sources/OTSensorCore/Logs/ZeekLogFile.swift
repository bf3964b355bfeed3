/// One log file on disk: its framing for the chosen format, then rows appended
/// in batches as they are encoded, so that a log of hundreds of MB never has to
/// be held in memory.
///
///     var file = try ZeekLogFile(path: dir + "/conn.log", schema: ConnLog.schema, format: .zeekTSV,
///                                opened: firstPacketTime, closed: lastPacketTime)
///     var encoder = RowEncoder(schema: ConnLog.schema, format: .zeekTSV)
///     for record in records {
///         record.encode(into: &encoder)
///         if encoder.bytes.count >= 1 << 20 { try file.append(&encoder) }
///     }
///     try file.append(&encoder)
///     let summary = try file.finish()    // byteCount, recordCount, sha256
///
/// `opened`/`closed` are what `#open`/`#close` print (native format only): the
/// slice's first and last packet times rather than the wall clock, so output is
/// byte-identical across runs; pass `.zero` for both when there were no packets.
/// Dropping the value without `finish()` closes the descriptor and leaves a
/// partial file (the pipeline writes into a directory it renames only on success).
public struct ZeekLogFile: ~Copyable {
    public let schema: LogSchema
    public let format: LogFormat
    /// What the native trailer's `#close` prints; a log written while the
    /// slice is still read sets it before `finish()`.
    public var closed: Timestamp
    private var output: HashingFileOutput
    private let framing: LogFraming
    private var recordCount = 0
    private var headerWritten: Bool

    public init(path: String, schema: LogSchema, format: LogFormat, opened: Timestamp, closed: Timestamp) throws {
        let framing = LogFraming(schema: schema, format: format, opened: opened)
        var output = try HashingFileOutput(path: path)
        if framing.framesEmptyFile {
            try framing.header.withUnsafeBytes { try output.append($0) }
        }
        self.schema = schema
        self.format = format
        self.closed = closed
        self.framing = framing
        self.output = output
        self.headerWritten = framing.framesEmptyFile
    }

    /// Moves the encoder's complete rows into the file and empties the encoder
    /// (keeping its buffer) for the next batch.
    public mutating func append(_ encoder: inout RowEncoder) throws {
        precondition(encoder.schema == schema && encoder.format == format,
                     "rows encoded for \(encoder.schema.path) \(encoder.format), file is \(schema.path) \(format)")
        precondition(!encoder.isInsideRow, "append(_:) in the middle of a row")
        try encoder.bytes.withUnsafeBytes { try append(rows: $0, count: encoder.rowCount) }
        encoder.removeAllRows()
    }

    /// Appends rows that were encoded elsewhere (for this schema and format), each
    /// ending in LF; rows are counted by their line ends.
    public mutating func append(encodedRows: UnsafeRawBufferPointer) throws {
        try append(rows: encodedRows, count: encodedRows.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
    }

    /// Appends `count` rows that were encoded elsewhere, when the caller counted them.
    mutating func append(encodedRows: UnsafeRawBufferPointer, count: Int) throws {
        try append(rows: encodedRows, count: count)
    }

    /// Writes the trailer and closes the file.
    public consuming func finish() throws -> LogFileSummary {
        let trailer = framing.framesEmptyFile || recordCount > 0 ? framing.trailer(closed: closed) : []
        let recordCount = recordCount
        var output = self.output
        try trailer.withUnsafeBytes { try output.append($0) }
        let (byteCount, sha256) = try output.finish()
        return LogFileSummary(byteCount: byteCount, recordCount: recordCount, sha256: sha256)
    }

    private mutating func append(rows: UnsafeRawBufferPointer, count: Int) throws {
        guard !rows.isEmpty else { return }
        if !headerWritten {
            try framing.header.withUnsafeBytes { try output.append($0) }
            headerWritten = true
        }
        try output.append(rows)
        recordCount += count
    }
}

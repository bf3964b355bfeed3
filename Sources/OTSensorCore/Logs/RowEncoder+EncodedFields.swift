/// Columns that repeat on many rows, encoded once: an S7 connection's uid and
/// endpoints open each of its PDUs' rows, and copying their bytes is far
/// cheaper than rendering two addresses and a uid per row.
public struct EncodedFields: Sendable {
    /// The columns' bytes as they follow an earlier column (TSV tab, JSON comma).
    let bytes: [UInt8]
    let first: Int
    let count: Int
    /// JSON: the bytes start with the comma that separates them from an earlier key.
    let startsWithComma: Bool
}

extension RowEncoder {
    /// Encodes columns `first`, `first + 1`, … as `body` writes them, for
    /// `fields(_:)` to copy into rows of this schema.
    public func encodedFields(startingAt first: Int, _ body: (inout RowEncoder) -> Void) -> EncodedFields {
        var scratch = RowEncoder(schema: schema, format: format, initialCapacity: 128)
        scratch.isInsideRow = true
        scratch.fieldIndex = first
        scratch.jsonRowHasField = true
        body(&scratch)
        return EncodedFields(bytes: Array(scratch.bytes), first: first, count: scratch.fieldIndex - first,
                             startsWithComma: style == .json && scratch.bytes.first == 0x2C)
    }

    /// Copies columns encoded by `encodedFields(startingAt:_:)` into the current row.
    public mutating func fields(_ encoded: EncodedFields) {
        precondition(isInsideRow && fieldIndex == encoded.first, "\(schema.path): encoded fields out of place")
        encoded.bytes.withUnsafeBytes { raw in
            let skipComma = encoded.startsWithComma && !jsonRowHasField
            bytes.append(bytes: skipComma ? UnsafeRawBufferPointer(rebasing: raw.dropFirst()) : raw)
        }
        if style == .json && !encoded.bytes.isEmpty { jsonRowHasField = true }
        fieldIndex += encoded.count
    }
}

extension RowEncoder {
    /// A whole row: `time`, then every other column as `rest` encoded them
    /// (columns that are the same on every such row, as an S7 connection's
    /// iso_cotp `Data` rows are). In TSV the row is the time and one copy,
    /// with none of the per-field steps of `beginRow()`…`endRow()`.
    public mutating func row(time: Timestamp, then rest: EncodedFields) {
        precondition(!isInsideRow, "row(time:then:) inside a row")
        precondition(rest.first == 1 && rest.first + rest.count == fieldCount, "\(schema.path): columns after ts")
        guard let microseconds = tsvMicroseconds(time, then: rest) else {
            beginRow()
            self.time(time)
            fields(rest)
            return endRow()
        }
        // A TSV row starting with a digit never needs the `#` escape `endRow()` checks for.
        bytes.makeUnique()
        appendTime(microseconds, then: rest)
        bytes.append(0x0A)
        rowCount += 1
    }

    /// `beginRow()`, `time(time)` and `fields(first)` in one step: in TSV the
    /// row's start is the time and one copy (an S7 row's time and identity).
    public mutating func beginRow(time: Timestamp, then first: EncodedFields) {
        guard let microseconds = tsvMicroseconds(time, then: first) else {
            beginRow()
            self.time(time)
            return fields(first)
        }
        beginRow()
        appendTime(microseconds, then: first)
        fieldIndex = 1 + first.count
    }

    /// The time's microseconds when the one-step form applies: TSV, a time
    /// `TimeText` prints, and columns that follow `ts` directly.
    @inline(__always)
    private func tsvMicroseconds(_ time: Timestamp, then fields: EncodedFields) -> UInt64? {
        let microseconds = time.microsecondsRounded
        guard style == .tsv && microseconds >= 0 && fields.first == 1 else { return nil }
        return UInt64(microseconds)
    }

    @inline(__always)
    private mutating func appendTime(_ microseconds: UInt64, then fields: EncodedFields) {
        timeText.append(microseconds: microseconds, to: &bytes)
        fields.bytes.withUnsafeBytes { bytes.append(bytes: $0) }
    }
}

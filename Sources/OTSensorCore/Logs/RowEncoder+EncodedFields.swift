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

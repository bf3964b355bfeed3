/// Byte order of a capture file's own headers (packet bytes are always network order).
///
/// Readers must accept files written on either kind of host, so the writers can
/// produce both.
public enum ByteOrder: Sendable {
    case littleEndian, bigEndian
}

extension Array where Element == UInt8 {
    mutating func appendBE<T: FixedWidthInteger>(_ value: T) {
        append(value, order: .bigEndian)
    }

    mutating func append<T: FixedWidthInteger>(_ value: T, order: ByteOrder) {
        let size = MemoryLayout<T>.size
        for i in 0..<size {
            let shift = order == .bigEndian ? (size - 1 - i) * 8 : i * 8
            append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }

    mutating func setBE(_ value: UInt16, at offset: Int) {
        self[offset] = UInt8(value >> 8)
        self[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    /// Pads with zero bytes up to a multiple of `alignment`.
    mutating func pad(toMultipleOf alignment: Int) {
        append(contentsOf: repeatElement(0, count: (alignment - count % alignment) % alignment))
    }
}

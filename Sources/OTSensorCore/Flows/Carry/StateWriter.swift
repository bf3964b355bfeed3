/// Appends the fields of carried state to a byte buffer. Integers are LEB128
/// varints (signed ones zigzagged): most of a connection's fields are small
/// counts, flags and states, and a state file of 100,000 connections is read
/// and written at every slice, so its size is its cost. Lengths come before
/// variable parts. The format is private to one otsensor version (the state
/// file names its version and a changed version starts stateless), so it needs
/// no field tags.
public struct StateWriter {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func put(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func put(_ value: Int64) { put(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    public mutating func put(_ value: UInt32) { put(UInt64(value)) }
    public mutating func put(_ value: UInt16) { put(UInt64(value)) }
    public mutating func put(_ value: UInt8) { bytes.append(value) }
    public mutating func put(_ value: Bool) { bytes.append(value ? 1 : 0) }
    public mutating func put(_ value: Int) { put(Int64(value)) }
    public mutating func put(_ value: Timestamp) { put(value.nanoseconds) }

    public mutating func put(_ value: Timestamp?) {
        put(value != nil)
        if let value { put(value) }
    }

    /// A length-prefixed byte string.
    public mutating func put(_ value: [UInt8]) {
        put(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func put(_ value: String) { put(Array(value.utf8)) }

    public mutating func put(_ value: IPAddress) {
        put(value.high)
        put(value.low)
    }

    public mutating func put(_ value: MACAddress) { put(value.value) }

    /// Bytes as they are, without a length (the file's magic and checksum).
    mutating func putRaw(_ value: some Sequence<UInt8>) { bytes.append(contentsOf: value) }
}

/// Appends the fields of carried state to a byte buffer: fixed-width
/// little-endian integers, lengths before variable parts. The format is
/// private to one otsensor version (the state file names its version and a
/// changed version starts stateless), so it needs no field tags.
public struct StateWriter {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func put(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func put(_ value: Int64) { put(UInt64(bitPattern: value)) }
    public mutating func put(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func put(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
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
        put(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func put(_ value: String) { put(Array(value.utf8)) }

    public mutating func put(_ value: IPAddress) {
        put(value.high)
        put(value.low)
    }

    public mutating func put(_ value: MACAddress) { put(value.value) }
}

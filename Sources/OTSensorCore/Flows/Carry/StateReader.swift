/// Reads what `StateWriter` wrote, checking every length against the bytes
/// left: a state file cut short or damaged past its checksum is refused with
/// `CarriedStateError.malformed`, never read out of bounds.
public struct StateReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { offset == bytes.count }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else {
            throw CarriedStateError.malformed("ends inside a field at byte \(offset)")
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let field = try take(MemoryLayout<T>.size)
        return field.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
    }

    public mutating func uint64() throws -> UInt64 { try integer(UInt64.self) }
    public mutating func int64() throws -> Int64 { try integer(Int64.self) }
    public mutating func uint32() throws -> UInt32 { try integer(UInt32.self) }
    public mutating func uint16() throws -> UInt16 { try integer(UInt16.self) }
    public mutating func uint8() throws -> UInt8 { try integer(UInt8.self) }
    public mutating func int() throws -> Int { Int(truncatingIfNeeded: try int64()) }
    public mutating func timestamp() throws -> Timestamp { Timestamp(nanoseconds: try int64()) }

    public mutating func bool() throws -> Bool {
        switch try uint8() {
        case 0: false
        case 1: true
        case let other: throw CarriedStateError.malformed("\(other) where a flag was expected at byte \(offset - 1)")
        }
    }

    public mutating func optionalTimestamp() throws -> Timestamp? { try bool() ? try timestamp() : nil }

    public mutating func byteString() throws -> [UInt8] { Array(try take(Int(try uint32()))) }

    public mutating func string() throws -> String { String(decoding: try byteString(), as: UTF8.self) }

    public mutating func ipAddress() throws -> IPAddress { IPAddress(high: try uint64(), low: try uint64()) }

    public mutating func macAddress() throws -> MACAddress { MACAddress(value: try uint64()) }

    /// A raw value of `T`, refused when it names no case.
    public mutating func enumeration<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == UInt8 {
        let raw = try uint8()
        guard let value = T(rawValue: raw) else {
            throw CarriedStateError.malformed("\(raw) is no \(T.self) at byte \(offset - 1)")
        }
        return value
    }

    /// A count of following records, refused when even one byte per record
    /// would run past the end (a damaged count must not reserve gigabytes).
    public mutating func count() throws -> Int {
        let value = Int(try uint32())
        guard value <= bytes.count - offset else {
            throw CarriedStateError.malformed("a count of \(value) with \(bytes.count - offset) bytes left")
        }
        return value
    }
}

/// Reads what `StateWriter` wrote, checking every length against the bytes
/// left: a state file cut short or damaged past its checksum is refused with
/// `CarriedStateError.malformed`, never read out of bounds. Readers of parts
/// of a file share its storage instead of copying it.
public struct StateReader: Sendable {
    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    public var isAtEnd: Bool { offset == bytes.endIndex }

    private var position: Int { offset - bytes.startIndex }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.endIndex - offset else {
            throw CarriedStateError.malformed("ends inside a field at byte \(position)")
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    public mutating func uint64() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.endIndex {
            let byte = bytes[offset]
            offset += 1
            guard shift < 64, shift < 63 || byte <= 1 else { break }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw CarriedStateError.malformed("a number past its end or too large at byte \(position)")
    }

    private mutating func narrow<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let value = try uint64()
        guard let narrowed = T(exactly: value) else {
            throw CarriedStateError.malformed("\(value) does not fit \(T.self) at byte \(position)")
        }
        return narrowed
    }

    public mutating func int64() throws -> Int64 {
        let zigzag = try uint64()
        return Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
    }

    public mutating func uint32() throws -> UInt32 { try narrow(UInt32.self) }
    public mutating func uint16() throws -> UInt16 { try narrow(UInt16.self) }
    public mutating func uint8() throws -> UInt8 { try take(1).first! }
    public mutating func int() throws -> Int { Int(truncatingIfNeeded: try int64()) }
    public mutating func timestamp() throws -> Timestamp { Timestamp(nanoseconds: try int64()) }

    public mutating func bool() throws -> Bool {
        switch try uint8() {
        case 0: false
        case 1: true
        case let other: throw CarriedStateError.malformed("\(other) where a flag was expected at byte \(position - 1)")
        }
    }

    public mutating func optionalTimestamp() throws -> Timestamp? { try bool() ? try timestamp() : nil }

    /// What is left to read, sharing the storage.
    var remaining: ArraySlice<UInt8> { bytes[offset...] }

    /// A length-prefixed part as a reader of its own, sharing the storage.
    public mutating func part() throws -> StateReader { StateReader(try take(try length())) }

    public mutating func byteString() throws -> [UInt8] { Array(try take(try length())) }

    public mutating func string() throws -> String { String(decoding: try take(try length()), as: UTF8.self) }

    public mutating func ipAddress() throws -> IPAddress { IPAddress(high: try uint64(), low: try uint64()) }

    public mutating func macAddress() throws -> MACAddress { MACAddress(value: try uint64()) }

    /// Bytes as they are (the file's magic).
    mutating func raw(_ count: Int) throws -> ArraySlice<UInt8> { try take(count) }

    /// A raw value of `T`, refused when it names no case.
    public mutating func enumeration<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == UInt8 {
        let raw = try uint8()
        guard let value = T(rawValue: raw) else {
            throw CarriedStateError.malformed("\(raw) is no \(T.self) at byte \(position - 1)")
        }
        return value
    }

    private mutating func length() throws -> Int {
        let value = try uint64()
        guard value <= UInt64(bytes.endIndex - offset) else {
            throw CarriedStateError.malformed("a length of \(value) with \(bytes.endIndex - offset) bytes left")
        }
        return Int(value)
    }

    /// A count of following records, refused when even one byte per record
    /// would run past the end (a damaged count must not reserve gigabytes).
    public mutating func count() throws -> Int { try length() }
}

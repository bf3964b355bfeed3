/// The compiled-rules cache's byte form: little-endian integers of fixed
/// width, strings and arrays as a 32-bit count and their elements, optionals
/// as a presence byte. Each rule type writes its fields in declaration order
/// (`CacheCodable`); `RuleCacheCodingTests` checks that every stored field
/// is written, so a field added to a rule type cannot be dropped silently.
protocol CacheCodable {
    func write(to out: inout CacheWriter)
    init(from input: inout CacheReader) throws(CacheFormatError)
}

/// Why cached bytes were not used: they end early, or hold a value that the
/// writer never writes. The cache is then rebuilt.
struct CacheFormatError: Error, Equatable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct CacheWriter {
    private(set) var bytes: [UInt8] = []

    mutating func integer<I: FixedWidthInteger>(_ value: I) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func int(_ value: Int) { integer(Int64(value)) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func count(_ value: Int) { integer(UInt32(value)) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func raw(_ values: [UInt8]) {
        count(values.count)
        bytes.append(contentsOf: values)
    }

    /// A plain integer array in little-endian order, copied whole where that
    /// is the machine's order (the groups' tables hold millions of entries).
    mutating func integers<I: FixedWidthInteger>(_ values: [I]) {
        count(values.count)
        #if _endian(little)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for value in values { integer(value) }
        #endif
    }

    mutating func value<T: CacheCodable>(_ value: T) { value.write(to: &self) }

    mutating func array<T: CacheCodable>(_ values: [T]) {
        count(values.count)
        for value in values { value.write(to: &self) }
    }

    mutating func strings(_ values: [String]) {
        count(values.count)
        for value in values { string(value) }
    }

    /// A presence byte, then the value when there is one.
    mutating func optional<T>(_ value: T?, _ write: (inout CacheWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    /// An enum case as its index in `cases`.
    mutating func tag(_ index: Int) { bytes.append(UInt8(index)) }
}

/// Reads what `CacheWriter` wrote; every read is bounds-checked, so bytes
/// cut short or altered throw instead of crashing.
struct CacheReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func integer<I: FixedWidthInteger>(_ type: I.Type = I.self) throws(CacheFormatError) -> I {
        let size = MemoryLayout<I>.size
        guard size <= bytes.count - position else { throw CacheFormatError("truncated at byte \(position)") }
        let value = bytes.loadUnaligned(fromByteOffset: position, as: I.self)
        position += size
        return I(littleEndian: value)
    }

    mutating func int() throws(CacheFormatError) -> Int {
        let value = try integer(Int64.self)
        guard let int = Int(exactly: value) else { throw CacheFormatError("integer out of range at \(position)") }
        return int
    }

    mutating func bool() throws(CacheFormatError) -> Bool {
        switch try integer(UInt8.self) {
        case 0: return false
        case 1: return true
        case let other: throw CacheFormatError("\(other) is not a flag at byte \(position - 1)")
        }
    }

    /// A count, which must fit in what is left at `minimumSize` bytes an element.
    mutating func count(minimumSize: Int = 1) throws(CacheFormatError) -> Int {
        let count = Int(try integer(UInt32.self))
        guard count <= (bytes.count - position) / max(minimumSize, 1) else {
            throw CacheFormatError("count \(count) runs past the end at byte \(position)")
        }
        return count
    }

    mutating func string() throws(CacheFormatError) -> String {
        let count = try count()
        defer { position += count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)]), as: UTF8.self)
    }

    mutating func raw() throws(CacheFormatError) -> [UInt8] {
        let count = try count()
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func integers<I: FixedWidthInteger>(_ type: I.Type = I.self) throws(CacheFormatError) -> [I] {
        let count = try count(minimumSize: MemoryLayout<I>.size)
        let size = count * MemoryLayout<I>.size
        let source = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + size)])
        position += size
        return [I](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            for i in 0..<count { buffer[i] = I(littleEndian: buffer[i]) }
            initialized = count
        }
    }

    mutating func value<T: CacheCodable>(_ type: T.Type = T.self) throws(CacheFormatError) -> T {
        try T(from: &self)
    }

    mutating func array<T: CacheCodable>(_ type: T.Type = T.self) throws(CacheFormatError) -> [T] {
        let count = try count()
        var values = [T]()
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try T(from: &self)) }
        return values
    }

    mutating func strings() throws(CacheFormatError) -> [String] {
        let count = try count()
        var values = [String]()
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try string()) }
        return values
    }

    mutating func optional<T>(_ read: (inout CacheReader) throws(CacheFormatError) -> T) throws(CacheFormatError) -> T? {
        try bool() ? try read(&self) : nil
    }

    /// An enum case written as its index in `cases`.
    mutating func tag<T>(_ cases: [T]) throws(CacheFormatError) -> T {
        let index = Int(try integer(UInt8.self))
        guard index < cases.count else { throw CacheFormatError("case \(index) of \(T.self) does not exist") }
        return cases[index]
    }
}

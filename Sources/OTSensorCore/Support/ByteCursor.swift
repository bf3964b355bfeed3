/// A bounds-checked reader over packet bytes.
///
/// Every read returns `nil` when the bytes run out: a short packet is a normal
/// event on the wire, not a programming error. The cursor never copies and never
/// allocates, so decoders can use it on the per-packet path.
public struct ByteCursor {
    public let bytes: UnsafeRawBufferPointer
    /// Offset of the next byte to read, relative to `bytes`.
    public private(set) var offset: Int

    public init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var remaining: Int { bytes.count - offset }

    public var isAtEnd: Bool { offset >= bytes.count }

    /// Reads a big-endian integer.
    public mutating func readBE<T: FixedWidthInteger>(_: T.Type = T.self) -> T? {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { return nil }
        var value: T = 0
        for i in 0..<size {
            value = value << 8 | T(bytes[offset + i])
        }
        offset += size
        return value
    }

    /// Reads a little-endian integer.
    public mutating func readLE<T: FixedWidthInteger>(_: T.Type = T.self) -> T? {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { return nil }
        var value: T = 0
        for i in stride(from: size - 1, through: 0, by: -1) {
            value = value << 8 | T(bytes[offset + i])
        }
        offset += size
        return value
    }

    public mutating func readUInt8() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func readUInt16BE() -> UInt16? { readBE(UInt16.self) }

    public mutating func readUInt32BE() -> UInt32? { readBE(UInt32.self) }

    /// Moves past `count` bytes; `false` (and no move) when fewer remain.
    @discardableResult
    public mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, remaining >= count else { return false }
        offset += count
        return true
    }

    /// The next `count` bytes without copying, advancing past them.
    public mutating func readBytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, remaining >= count else { return nil }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    /// Reads without advancing.
    public func peekBE<T: FixedWidthInteger>(_: T.Type = T.self, at relative: Int = 0) -> T? {
        var copy = self
        guard copy.skip(relative) else { return nil }
        return copy.readBE(T.self)
    }

    /// The unread bytes.
    public var rest: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[min(offset, bytes.count)...])
    }
}

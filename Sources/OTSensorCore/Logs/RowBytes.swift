/// The growable byte buffer rows are encoded into.
///
/// An append is a capacity check and a copy: unlike `[UInt8]` it does not ask
/// whether its storage is shared on every call, which was a fifth of the cost
/// of encoding an S7 row. It is still a value: `RowEncoder.beginRow()` calls
/// `makeUnique()` (copying storage a copy of the encoder shares), and every
/// append happens inside a row, so no append can reach shared storage.
public struct RowBytes: RandomAccessCollection, Sendable {
    private final class Storage: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(byteCount: capacity, alignment: 16)
        }

        deinit { base.deallocate() }
    }

    /// Shared by every buffer that has not grown yet, so an empty one allocates nothing.
    private static let empty = Storage(capacity: 0)

    private var storage: Storage
    public private(set) var count = 0

    init() { storage = Self.empty }

    init(capacity: Int) { storage = Storage(capacity: capacity) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "RowBytes index \(index) out of range 0..<\(count)")
        return storage.base.load(fromByteOffset: index, as: UInt8.self)
    }

    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: storage.base, count: count))
    }

    /// Gives this value storage of its own if a copy shares it.
    @inline(__always)
    mutating func makeUnique() {
        // Without capacity the first append allocates storage of its own anyway.
        if storage.capacity > 0 && !isKnownUniquelyReferenced(&storage) { regrow(capacity: storage.capacity) }
    }

    mutating func reserveCapacity(_ capacity: Int) {
        if capacity > storage.capacity { regrow(capacity: capacity) }
    }

    /// Forgets the bytes and keeps the capacity.
    mutating func removeAll() { count = 0 }

    /// Forgets the bytes from `newCount` on (a row given up, an element re-encoded).
    mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "RowBytes truncate to \(newCount) of \(count)")
        count = newCount
    }

    /// Replaces the byte at `index` with `replacement`, moving what follows.
    mutating func replace(at index: Int, with replacement: StaticString) {
        precondition(index >= 0 && index < count, "RowBytes index \(index) out of range 0..<\(count)")
        let extra = replacement.utf8CodeUnitCount - 1
        reserveCapacity(count + extra)
        (storage.base + index + 1 + extra).copyMemory(from: storage.base + index + 1, byteCount: count - index - 1)
        (storage.base + index).copyMemory(from: replacement.utf8Start, byteCount: replacement.utf8CodeUnitCount)
        count += extra
    }

    private mutating func regrow(capacity: Int) {
        let grown = Storage(capacity: capacity)
        grown.base.copyMemory(from: storage.base, byteCount: count)
        storage = grown
    }
}

extension RowBytes: ByteSink {
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == storage.capacity { regrow(capacity: Swift.max(64, 2 * storage.capacity)) }
        storage.base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always)
    mutating func append(bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        if storage.capacity - count < bytes.count {
            regrow(capacity: Swift.max(64, 2 * storage.capacity, count + bytes.count))
        }
        (storage.base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }
}

extension RowBytes {
    /// Four word stores when the buffer has room for all 32 bytes: every row
    /// of every log starts with a time, and a call to `memmove` for its 17
    /// bytes cost more than the stores.
    @inline(__always)
    mutating func append(first count: Int, of words: ByteWords) {
        guard storage.capacity - self.count >= 32 else { return appendCopying(first: count, of: words) }
        precondition(count >= 0 && count <= 32, "append(first:of:) of \(count) bytes")
        let end = storage.base + self.count
        end.storeBytes(of: words.0, as: UInt64.self)
        end.storeBytes(of: words.1, toByteOffset: 8, as: UInt64.self)
        end.storeBytes(of: words.2, toByteOffset: 16, as: UInt64.self)
        end.storeBytes(of: words.3, toByteOffset: 24, as: UInt64.self)
        self.count += count
    }
}

extension RowBytes: LogBytes {
    public func withLogBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R { withUnsafeBytes(body) }
}

/// Bytes that can be logged as a Zeek `string` or `enum` in place.
///
/// Analyzers hold their text in different shapes (a `String`, a literal, a slice
/// of a packet); lending the bytes for the duration of one call lets the encoder
/// escape them straight into its buffer without first copying them anywhere.
public protocol LogBytes {
    func withLogBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R
}

extension String: LogBytes {
    @inlinable
    public func withLogBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        // withUTF8 only copies when the string is not already contiguous UTF-8.
        var text = self
        return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

extension Substring: LogBytes {
    @inlinable
    public func withLogBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        var text = self
        return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

extension StaticString: LogBytes {
    @inlinable
    public func withLogBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUTF8Buffer { body(UnsafeRawBufferPointer($0)) }
    }
}

extension Array: LogBytes where Element == UInt8 {
    @inlinable
    public func withLogBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeBytes(body)
    }
}

extension ArraySlice: LogBytes where Element == UInt8 {
    @inlinable
    public func withLogBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeBytes(body)
    }
}

extension UnsafeRawBufferPointer: LogBytes {
    @inlinable
    public func withLogBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(self)
    }
}

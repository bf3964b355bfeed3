/// Where rendered text goes: the row being encoded (`RowBytes`) or a scratch
/// array. The renderers (numbers, addresses, escapes, times) are generic over
/// it so that one implementation writes into either without copies.
protocol ByteSink {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeRawBufferPointer)
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always)
    mutating func append(bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
}

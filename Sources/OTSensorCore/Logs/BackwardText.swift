/// A short piece of text built from its last byte to its first in a stack
/// buffer, then appended to a log buffer with one copy.
///
/// Digits come out of division least significant first, so numbers, times and
/// addresses are all naturally written backwards; doing it on the stack keeps
/// the per-field cost to a single append, with nothing allocated.
struct BackwardText {
    static let capacity = 40
    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
    private var start = BackwardText.capacity

    @inline(__always)
    mutating func prepend(_ byte: UInt8) {
        start -= 1
        let index = start
        withUnsafeMutableBytes(of: &storage) { $0[index] = byte }
    }

    /// Unsigned decimal, zero-padded to at least `minimumWidth` digits.
    @inline(__always)
    mutating func prependDecimal(_ value: UInt64, minimumWidth: Int = 1) {
        let end = start
        var rest = value
        repeat {
            prepend(0x30 &+ UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        } while rest != 0
        while end - start < minimumWidth { prepend(0x30) }
    }

    /// Two lower-case hex digits.
    @inline(__always)
    mutating func prependHex(_ byte: UInt8) {
        prepend(LogText.hexDigit(byte & 0xF))
        prepend(LogText.hexDigit(byte >> 4))
    }

    @inline(__always)
    func append(to out: inout some ByteSink) {
        var storage = storage
        let start = start
        withUnsafeBytes(of: &storage) { out.append(bytes: UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }
}

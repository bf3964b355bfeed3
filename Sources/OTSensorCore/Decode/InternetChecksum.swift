/// RFC 1071 one's-complement sums, for `--verify-checksums`.
enum InternetChecksum {
    /// The folded sum of `bytes`; a valid header or segment sums to 0xFFFF.
    static func sum(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        fold(add(bytes, to: 0))
    }

    static func add(_ bytes: UnsafeRawBufferPointer, to initial: UInt64) -> UInt64 {
        var sum = initial
        var i = 0
        let n = bytes.count
        while i + 1 < n {
            sum &+= UInt64(bytes[i]) << 8 | UInt64(bytes[i + 1])
            i += 2
        }
        if i < n { sum &+= UInt64(bytes[i]) << 8 }
        return sum
    }

    static func pseudoHeaderSum(_ source: IPAddress, _ destination: IPAddress, protocol proto: UInt8, length: Int) -> UInt64 {
        UInt64(proto) + UInt64(length & 0xFFFF) + UInt64(length >> 16) + addressSum(source) + addressSum(destination)
    }

    private static func addressSum(_ address: IPAddress) -> UInt64 {
        if address.isIPv4 {
            let v = address.ipv4Value
            return UInt64(v >> 16) + UInt64(v & 0xFFFF)
        }
        return wordSum(address.high) + wordSum(address.low)
    }

    private static func wordSum(_ word: UInt64) -> UInt64 {
        (word >> 48) + ((word >> 32) & 0xFFFF) + ((word >> 16) & 0xFFFF) + (word & 0xFFFF)
    }

    static func fold(_ value: UInt64) -> UInt16 {
        var sum = value
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return UInt16(sum)
    }
}

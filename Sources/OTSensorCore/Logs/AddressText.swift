/// Addresses written straight into a log buffer (every conn row has two IP
/// addresses and, in the OT layouts, two MAC addresses).
enum AddressText {
    /// The text Zeek prints for an `addr`: dotted quad for IPv4 (including its
    /// IPv4-mapped form), otherwise what `inet_ntop` gives, which Zeek calls: RFC 5952
    /// compression (first longest run of at least two zero groups becomes `::`,
    /// lower-case hex without leading zeros) and, as glibc and BSD do, the deprecated
    /// IPv4-compatible form `::a.b.c.d` when only the last 32 bits are set and the
    /// upper half of them is not zero.
    static func append(_ address: IPAddress, to out: inout some ByteSink) {
        if address.isIPv4 {
            appendDottedQuad(address.ipv4Value, to: &out)
            return
        }
        if address.high == 0 && address.low >> 32 == 0 && address.low >> 16 != 0 {
            LogText.append("::", to: &out)
            appendDottedQuad(UInt32(truncatingIfNeeded: address.low), to: &out)
            return
        }
        let (runStart, runLength) = longestZeroRun(address)
        var index = 0
        while index < 8 {
            if index == runStart {
                LogText.append("::", to: &out)
                index += runLength
                continue
            }
            if index > 0 && index != runStart + runLength { out.append(0x3A) }
            appendHexGroup(group(index, of: address), to: &out)
            index += 1
        }
    }

    /// `xx:xx:xx:xx:xx:xx`, lower-case, as Zeek logs MAC addresses.
    static func append(_ address: MACAddress, to out: inout some ByteSink) {
        var text = BackwardText()
        var rest = address.value
        for index in 0..<6 {
            if index > 0 { text.prepend(0x3A) }
            text.prependHex(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
        text.append(to: &out)
    }

    private static func appendDottedQuad(_ value: UInt32, to out: inout some ByteSink) {
        var text = BackwardText()
        var rest = value
        for index in 0..<4 {
            if index > 0 { text.prepend(0x2E) }
            text.prependDecimal(UInt64(rest & 0xFF))
            rest >>= 8
        }
        text.append(to: &out)
    }

    @inline(__always)
    private static func group(_ index: Int, of address: IPAddress) -> UInt16 {
        let half = index < 4 ? address.high : address.low
        return UInt16(truncatingIfNeeded: half >> (48 - 16 * UInt64(index & 3)))
    }

    /// The first longest run of zero groups, or `(-1, 0)` when no run reaches two.
    private static func longestZeroRun(_ address: IPAddress) -> (start: Int, length: Int) {
        var bestStart = -1, bestLength = 0, index = 0
        while index < 8 {
            guard group(index, of: address) == 0 else {
                index += 1
                continue
            }
            var end = index + 1
            while end < 8 && group(end, of: address) == 0 { end += 1 }
            if end - index > bestLength {
                bestStart = index
                bestLength = end - index
            }
            index = end
        }
        return bestLength >= 2 ? (bestStart, bestLength) : (-1, 0)
    }

    private static func appendHexGroup(_ value: UInt16, to out: inout some ByteSink) {
        var started = false
        for shift in stride(from: 12, through: 0, by: -4) {
            let nibble = UInt8(truncatingIfNeeded: value >> UInt16(shift)) & 0xF
            if nibble != 0 || started || shift == 0 {
                out.append(LogText.hexDigit(nibble))
                started = true
            }
        }
    }
}

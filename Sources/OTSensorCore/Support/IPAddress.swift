/// An IPv4 or IPv6 address stored as 128 bits, IPv4 as an IPv4-mapped IPv6
/// address (`::ffff:a.b.c.d`), the representation Zeek uses, so that one type
/// serves flow keys of both families without allocation.
public struct IPAddress: Hashable, Comparable, Sendable {
    /// The most significant 64 bits, network order read as a big-endian integer.
    public var high: UInt64
    /// The least significant 64 bits.
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An IPv4 address from its 32-bit big-endian value.
    public init(ipv4 value: UInt32) {
        self.high = 0
        self.low = 0x0000_FFFF_0000_0000 | UInt64(value)
    }

    public var isIPv4: Bool { high == 0 && (low >> 32) == 0xFFFF }

    /// The 32-bit value of an IPv4 address (meaningless for IPv6).
    public var ipv4Value: UInt32 { UInt32(truncatingIfNeeded: low) }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }

    public static let zero = IPAddress(high: 0, low: 0)

    /// Whether this is a multicast address (224.0.0.0/4 or ff00::/8).
    public var isMulticast: Bool {
        isIPv4 ? (ipv4Value >> 28) == 0xE : (high >> 56) == 0xFF
    }

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text.
    public init?(_ text: some StringProtocol) {
        if text.contains(":") {
            guard let parsed = IPAddress.parseIPv6(Substring(text)) else { return nil }
            self = parsed
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var value: UInt32 = 0
            for part in parts {
                guard !part.isEmpty, part.count <= 3, let byte = UInt8(part) else { return nil }
                value = value << 8 | UInt32(byte)
            }
            self.init(ipv4: value)
        }
    }

    private static func parseIPv6(_ text: Substring) -> IPAddress? {
        var head: [UInt16] = [], tail: [UInt16] = []
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            let items = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, item) in items.enumerated() {
                if i == items.count - 1, item.contains(".") {
                    guard let v4 = IPAddress(item), v4.isIPv4 else { return nil }
                    out.append(UInt16(v4.ipv4Value >> 16))
                    out.append(UInt16(v4.ipv4Value & 0xFFFF))
                } else {
                    guard !item.isEmpty, item.count <= 4, let g = UInt16(item, radix: 16) else { return nil }
                    out.append(g)
                }
            }
            return out
        }
        guard let h = groups(halves[0]) else { return nil }
        head = h
        if halves.count == 2 {
            guard let t = groups(halves[1]) else { return nil }
            tail = t
            guard head.count + tail.count <= 7 else { return nil }
        } else if head.count != 8 {
            return nil
        }
        let all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        var hi: UInt64 = 0, lo: UInt64 = 0
        for i in 0..<4 { hi = hi << 16 | UInt64(all[i]) }
        for i in 4..<8 { lo = lo << 16 | UInt64(all[i]) }
        return IPAddress(high: hi, low: lo)
    }
}

extension IPAddress: CustomStringConvertible {
    /// Dotted quad for IPv4; RFC 5952 compressed lower-case text for IPv6.
    public var description: String {
        if isIPv4 {
            let v = ipv4Value
            return "\(v >> 24).\((v >> 16) & 0xFF).\((v >> 8) & 0xFF).\(v & 0xFF)"
        }
        var groups = [UInt16](repeating: 0, count: 8)
        for i in 0..<4 {
            groups[i] = UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64(i)))
            groups[4 + i] = UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64(i)))
        }
        var bestStart = -1, bestLen = 0, i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > bestLen { bestStart = i; bestLen = j - i }
                i = j
            } else {
                i += 1
            }
        }
        if bestLen < 2 { bestStart = -1 }
        var out = ""
        i = 0
        while i < 8 {
            if i == bestStart {
                out += "::"
                i += bestLen
                continue
            }
            if !out.isEmpty && !out.hasSuffix(":") { out += ":" }
            out += String(groups[i], radix: 16)
            i += 1
        }
        return out
    }
}

/// A 48-bit Ethernet address.
public struct MACAddress: Hashable, Sendable {
    public var value: UInt64

    public init(value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    public static let zero = MACAddress(value: 0)

    public var isZero: Bool { value == 0 }
}

extension MACAddress: CustomStringConvertible {
    /// `xx:xx:xx:xx:xx:xx`, lower-case hex.
    public var description: String {
        let hex = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(17)
        for i in 0..<6 {
            let b = UInt8(truncatingIfNeeded: value >> (40 - 8 * UInt64(i)))
            if i > 0 { bytes.append(UInt8(ascii: ":")) }
            bytes.append(hex[Int(b >> 4)])
            bytes.append(hex[Int(b & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

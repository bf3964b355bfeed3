/// A 48-bit MAC address, written as an integer literal (`0x02_00_00_00_00_01`)
/// or as text (`"02:00:00:00:00:01"`).
public struct EthernetAddress: Hashable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    /// The address in the low 48 bits.
    public var value: UInt64

    public init(_ value: UInt64) {
        self.value = value & 0xFFFF_FFFF_FFFF
    }

    public init(integerLiteral value: UInt64) {
        self.init(value)
    }

    /// Traps on malformed text: literals are written by hand in tests and scripts.
    public init(stringLiteral text: String) {
        let parts = text.split(separator: ":")
        precondition(parts.count == 6, "not a MAC address: \(text)")
        self.init(parts.reduce(0) { $0 << 8 | UInt64(UInt8($1, radix: 16)!) })
    }

    public var bytes: [UInt8] {
        (0..<6).map { UInt8(truncatingIfNeeded: value >> (40 - 8 * $0)) }
    }
}

import Foundation

/// An IPv4 address, written as text (`"192.168.1.10"`) in scenarios.
public struct IPv4Address: Hashable, Sendable, ExpressibleByStringLiteral {
    public var value: UInt32

    public init(_ value: UInt32) {
        self.value = value
    }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        self.value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Traps on malformed text: literals are written by hand in tests and scripts.
    public init(stringLiteral text: String) {
        var raw = in_addr()
        precondition(inet_pton(AF_INET, text, &raw) == 1, "not an IPv4 address: \(text)")
        self.value = UInt32(bigEndian: raw.s_addr)
    }

    public var bytes: [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16),
         UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }
}

/// An IPv6 address, written as text (`"fd00::10"`) in scenarios.
public struct IPv6Address: Hashable, Sendable, ExpressibleByStringLiteral {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 16, "an IPv6 address has 16 bytes")
        self.bytes = bytes
    }

    /// Traps on malformed text: literals are written by hand in tests and scripts.
    public init(stringLiteral text: String) {
        var raw = [UInt8](repeating: 0, count: 16)
        precondition(inet_pton(AF_INET6, text, &raw) == 1, "not an IPv6 address: \(text)")
        self.bytes = raw
    }
}

/// Either family, so one session helper serves IPv4 and IPv6 flows.
public enum HostAddress: Hashable, Sendable, ExpressibleByStringLiteral {
    case v4(IPv4Address)
    case v6(IPv6Address)

    public init(stringLiteral text: String) {
        self = text.contains(":") ? .v6(IPv6Address(stringLiteral: text)) : .v4(IPv4Address(stringLiteral: text))
    }
}

/// A connection's identity, the same for both directions of a flow: the lower
/// (address, port) endpoint first. It is what the connection table is keyed by and
/// what picks a packet's shard.
public struct FlowKey: Hashable, Sendable {
    public var lowAddress: IPAddress
    public var highAddress: IPAddress
    public var lowPort: UInt16
    public var highPort: UInt16
    /// The IP protocol number (ICMPv6 stays 58 so that v4 and v6 ICMP never mix).
    public var ipProtocol: UInt8
    /// Set for one-way ICMP keys, which are not canonicalised.
    public var isDirectional = false

    /// Builds the canonical key of a packet from `source` to `destination`.
    public init(source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16,
                ipProtocol: UInt8) {
        self.ipProtocol = ipProtocol
        if (source, sourcePort) <= (destination, destinationPort) {
            lowAddress = source; lowPort = sourcePort
            highAddress = destination; highPort = destinationPort
        } else {
            lowAddress = destination; lowPort = destinationPort
            highAddress = source; highPort = sourcePort
        }
    }

    /// A key that is not canonicalised: one-way ICMP messages (Zeek keys them by
    /// direction, so an unreachable from R to H and one from H to R differ).
    public init(directionalSource source: IPAddress, sourcePort: UInt16, destination: IPAddress,
                destinationPort: UInt16, ipProtocol: UInt8) {
        self.ipProtocol = ipProtocol
        self.isDirectional = true
        lowAddress = source; lowPort = sourcePort
        highAddress = destination; highPort = destinationPort
    }

    public static func == (a: FlowKey, b: FlowKey) -> Bool {
        a.lowAddress == b.lowAddress && a.highAddress == b.highAddress && a.lowPort == b.lowPort
            && a.highPort == b.highPort && a.ipProtocol == b.ipProtocol && a.isDirectional == b.isDirectional
    }

    /// One combine of the stable hash instead of seven field combines: the
    /// connection-table lookup is on every packet's path.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(stableHash)
    }

    /// A direction-independent 64-bit hash that is the same on every run and
    /// machine (Swift's `Hasher` is seeded per process, so it must not decide
    /// anything that reaches the output).
    public var stableHash: UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(ipProtocol)
        h = StableHash.mix(h ^ lowAddress.high)
        h = StableHash.mix(h ^ lowAddress.low)
        h = StableHash.mix(h ^ highAddress.high)
        h = StableHash.mix(h ^ highAddress.low)
        h = StableHash.mix(h ^ (UInt64(lowPort) << 16 | UInt64(highPort)))
        return h
    }
}

/// SplitMix64's finalizer: a fast, well-distributed, fixed mixing function.
public enum StableHash {
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What an IP header carries: transport segments, tunnels, or another IP packet.
///
/// Serialising takes the pseudo-header because TCP, UDP and ICMPv6 checksums
/// cover the enclosing IP addresses.
public protocol IPPayload: Sendable {
    /// The IPv4 protocol / IPv6 next-header value announcing this payload.
    var protocolNumber: UInt8 { get }
    func bytes(pseudoHeader: PseudoHeader) -> [UInt8]
}

/// The addresses of the enclosing IP header, as covered by upper-layer checksums.
public struct PseudoHeader: Sendable {
    public var source: [UInt8]
    public var destination: [UInt8]

    public init(source: [UInt8], destination: [UInt8]) {
        self.source = source
        self.destination = destination
    }

    /// RFC 793/768 (12 bytes) for IPv4 addresses, RFC 8200 §8.1 (40 bytes) for IPv6.
    public func bytes(protocolNumber: UInt8, upperLayerLength: Int) -> [UInt8] {
        var out = source + destination
        if source.count == 4 {
            out += [0, protocolNumber]
            out.appendBE(UInt16(truncatingIfNeeded: upperLayerLength))
        } else {
            out.appendBE(UInt32(upperLayerLength))
            out += [0, 0, 0, protocolNumber]
        }
        return out
    }

    /// The checksum of `segment` (its checksum field zeroed) under this pseudo-header.
    public func checksum(protocolNumber: UInt8, segment: [UInt8]) -> UInt16 {
        InternetChecksum.compute(bytes(protocolNumber: protocolNumber, upperLayerLength: segment.count), segment)
    }
}

/// Bytes behind any protocol number, for protocols this module has no builder for.
public struct RawPayload: IPPayload {
    public var protocolNumber: UInt8
    public var payload: [UInt8]

    public init(protocolNumber: UInt8, payload: [UInt8]) {
        self.protocolNumber = protocolNumber
        self.payload = payload
    }

    public func bytes(pseudoHeader: PseudoHeader) -> [UInt8] { payload }
}

/// IANA protocol numbers used here.
public enum IPProtocolNumber {
    public static let hopByHop: UInt8 = 0
    public static let icmp: UInt8 = 1
    public static let ipInIP: UInt8 = 4
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let ipv6: UInt8 = 41
    public static let routing: UInt8 = 43
    public static let fragment: UInt8 = 44
    public static let gre: UInt8 = 47
    public static let icmpv6: UInt8 = 58
    public static let destinationOptions: UInt8 = 60
}

/// An IPv4 or IPv6 packet builder: what link layers frame and tunnels carry.
public protocol IPPacket: IPPayload {
    func bytes() -> [UInt8]
}

extension IPPacket {
    /// An IP packet inside another is self-contained: no pseudo-header applies.
    public func bytes(pseudoHeader: PseudoHeader) -> [UInt8] { bytes() }
}

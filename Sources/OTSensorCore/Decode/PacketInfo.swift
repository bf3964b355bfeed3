/// What the decoders learned about one packet: every field the flow engine and
/// the analyzers need, as plain values and offsets into the packet bytes.
///
/// It is a fixed-size value so that decoding a packet allocates nothing.
public struct PacketInfo: Sendable {
    public var timestamp = Timestamp.zero
    /// Length of the frame on the wire (may exceed the captured bytes).
    public var wireLength = 0
    /// Number of bytes actually captured.
    public var capturedLength = 0

    // MARK: Link layer
    public var sourceMAC = MACAddress.zero
    public var destinationMAC = MACAddress.zero
    /// Outer and inner 802.1Q/802.1ad VLAN ids; 0 means absent.
    public var vlan: UInt16 = 0
    public var innerVLAN: UInt16 = 0
    /// How many VLAN tags were stacked on the frame.
    public var vlanTagCount: UInt8 = 0
    /// The EtherType under all VLAN/MPLS/PPPoE layers (0 when the link has none).
    public var etherType: UInt16 = 0
    /// Offset of the network-layer header.
    public var networkOffset = 0

    // MARK: Network layer
    /// 4 or 6; 0 when the packet carries no IP.
    public var ipVersion: UInt8 = 0
    public var source = IPAddress.zero
    public var destination = IPAddress.zero
    /// The upper-layer protocol after IPv6 extension headers.
    public var ipProtocol: UInt8 = 0
    /// IPv4 total length, or IPv6 payload length + 40: what Zeek counts as IP bytes.
    public var ipLengthForCounting = 0
    public var ttl: UInt8 = 0
    public var ipHeaderLength = 0
    /// IP fragmentation: the datagram id, this fragment's byte offset, and the MF bit.
    public var fragmentID: UInt32 = 0
    public var fragmentOffset = 0
    public var moreFragments = false
    /// IPv6: offset of the Fragment extension header (where reassembly splices),
    /// and of the next-header byte that names it.
    public var fragmentHeaderOffset = 0
    public var fragmentNextHeaderField = 0

    // MARK: Transport layer
    public var transportOffset = 0
    /// Bytes of transport header + payload according to the IP header.
    public var transportLength = 0
    public var sourcePort: UInt16 = 0
    public var destinationPort: UInt16 = 0
    public var tcpFlags = TCPFlags()
    public var sequenceNumber: UInt32 = 0
    public var acknowledgementNumber: UInt32 = 0
    public var window: UInt16 = 0
    public var tcpHeaderLength = 0
    public var udpLength: UInt16 = 0
    public var icmpType: UInt8 = 0
    public var icmpCode: UInt8 = 0
    /// Offset of the application payload.
    public var payloadOffset = 0
    /// Payload length according to the IP header (the wire length).
    public var payloadLength = 0
    /// Whether the transport checksum verified (always true when not checked).
    public var transportChecksumValid = true

    // MARK: Encapsulation
    /// Set when this packet was found inside a tunnel: identifies the tunnel.
    public var tunnel: TunnelOrigin?
    /// A protocol this packet proves its connection speaks (a tunnel's outer
    /// connection is confirmed by the packet it carries).
    public var confirmedService: Service?

    public init() {}

    /// Payload bytes actually present in the capture.
    public var capturedPayloadLength: Int {
        max(0, min(payloadLength, capturedLength - payloadOffset))
    }

    public var hasMACs: Bool { !sourceMAC.isZero || !destinationMAC.isZero }
}

/// The TCP flag bits, as an option set over the flags byte.
public struct TCPFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let fin = TCPFlags(rawValue: 0x01)
    public static let syn = TCPFlags(rawValue: 0x02)
    public static let rst = TCPFlags(rawValue: 0x04)
    public static let psh = TCPFlags(rawValue: 0x08)
    public static let ack = TCPFlags(rawValue: 0x10)
    public static let urg = TCPFlags(rawValue: 0x20)
}

/// Where a tunnelled packet came from: the outer flow, whose connection uid
/// becomes the inner connection's `tunnel_parents` entry.
public struct TunnelOrigin: Sendable, Hashable {
    public var outer: FlowKey
    public var kind: TunnelKind
}

public enum TunnelKind: UInt8, Sendable, Hashable {
    case ipInIP, gre, vxlan, geneve, teredo, ayiya, gtpv1

    /// Whether the innermost encapsulation is a connection of its own (UDP
    /// tunnels) rather than an IP-level tunnel.
    var isConnection: Bool { self != .ipInIP && self != .gre }

    /// The conn.log service of a UDP tunnel's outer connection.
    var serviceName: Service? {
        switch self {
        case .vxlan: .vxlan
        case .geneve: .geneve
        case .teredo: .teredo
        case .ayiya: .ayiya
        case .gtpv1: .gtpv1
        case .ipInIP, .gre: nil
        }
    }
}

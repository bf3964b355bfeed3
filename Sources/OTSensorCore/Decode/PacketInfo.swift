/// What the decoders learned about one packet: every field the flow engine and
/// the analyzers need, as plain values and offsets into the packet bytes.
///
/// It is a fixed-size value so that decoding a packet allocates nothing.
public struct PacketInfo: Sendable {
    // Stored narrow and largest first: every packet's info is written by the
    // decode stage and read back by a shard, so its size is memory traffic on
    // the hottest path (288 bytes as plain `Int`s in declaration order). The
    // `Int` properties below are the interface; lengths and offsets within
    // one packet or datagram fit in 32 bits.
    public var timestamp = Timestamp.zero
    public var sourceMAC = MACAddress.zero
    public var destinationMAC = MACAddress.zero
    public var source = IPAddress.zero
    public var destination = IPAddress.zero
    /// Set when this packet was found inside a tunnel: identifies the tunnel.
    public var tunnel: TunnelOrigin?
    private var narrow = NarrowFields()

    // MARK: Link layer
    /// Outer and inner 802.1Q/802.1ad VLAN ids; 0 means absent.
    public var vlan: UInt16 = 0
    public var innerVLAN: UInt16 = 0
    /// The EtherType under all VLAN/MPLS/PPPoE layers (0 when the link has none).
    public var etherType: UInt16 = 0
    /// How many VLAN tags were stacked on the frame.
    public var vlanTagCount: UInt8 = 0
    /// How many EtherType-dispatched headers the decoder has passed (VLAN tags,
    /// VN-Tags, FabricPath …), bounded by `PacketDecoder.maximumLinkHeaders`.
    var linkHeaderCount: UInt8 = 0

    // MARK: Network layer
    /// 4 or 6; 0 when the packet carries no IP.
    public var ipVersion: UInt8 = 0
    /// The upper-layer protocol after IPv6 extension headers.
    public var ipProtocol: UInt8 = 0
    public var ttl: UInt8 = 0
    /// IP fragmentation: the datagram id and the MF bit (the offset is below).
    public var fragmentID: UInt32 = 0
    public var moreFragments = false

    // MARK: Transport layer
    public var sourcePort: UInt16 = 0
    public var destinationPort: UInt16 = 0
    public var tcpFlags = TCPFlags()
    public var sequenceNumber: UInt32 = 0
    public var acknowledgementNumber: UInt32 = 0
    public var window: UInt16 = 0
    public var udpLength: UInt16 = 0
    public var icmpType: UInt8 = 0
    public var icmpCode: UInt8 = 0
    /// Whether the transport checksum verified (always true when not checked).
    public var transportChecksumValid = true

    // MARK: Encapsulation
    /// A protocol this packet proves its connection speaks (a tunnel's outer
    /// connection is confirmed by the packet it carries).
    public var confirmedService: Service?

    public init() {}

    /// Length of the frame on the wire (may exceed the captured bytes).
    public var wireLength: Int {
        get { Int(narrow.wireLength) }
        set { narrow.wireLength = Int32(truncatingIfNeeded: newValue) }
    }
    /// Number of bytes actually captured.
    public var capturedLength: Int {
        get { Int(narrow.capturedLength) }
        set { narrow.capturedLength = Int32(truncatingIfNeeded: newValue) }
    }
    /// Offset of the network-layer header.
    public var networkOffset: Int {
        get { Int(narrow.networkOffset) }
        set { narrow.networkOffset = Int32(truncatingIfNeeded: newValue) }
    }
    /// IPv4 total length, or IPv6 payload length + 40: what Zeek counts as IP bytes.
    public var ipLengthForCounting: Int {
        get { Int(narrow.ipLengthForCounting) }
        set { narrow.ipLengthForCounting = Int32(truncatingIfNeeded: newValue) }
    }
    public var ipHeaderLength: Int {
        get { Int(narrow.ipHeaderLength) }
        set { narrow.ipHeaderLength = Int32(truncatingIfNeeded: newValue) }
    }
    /// This fragment's byte offset in its datagram.
    public var fragmentOffset: Int {
        get { Int(narrow.fragmentOffset) }
        set { narrow.fragmentOffset = Int32(truncatingIfNeeded: newValue) }
    }
    /// IPv6: offset of the Fragment extension header (where reassembly splices),
    /// and of the next-header byte that names it.
    public var fragmentHeaderOffset: Int {
        get { Int(narrow.fragmentHeaderOffset) }
        set { narrow.fragmentHeaderOffset = Int32(truncatingIfNeeded: newValue) }
    }
    public var fragmentNextHeaderField: Int {
        get { Int(narrow.fragmentNextHeaderField) }
        set { narrow.fragmentNextHeaderField = Int32(truncatingIfNeeded: newValue) }
    }
    public var transportOffset: Int {
        get { Int(narrow.transportOffset) }
        set { narrow.transportOffset = Int32(truncatingIfNeeded: newValue) }
    }
    /// Bytes of transport header + payload according to the IP header.
    public var transportLength: Int {
        get { Int(narrow.transportLength) }
        set { narrow.transportLength = Int32(truncatingIfNeeded: newValue) }
    }
    public var tcpHeaderLength: Int {
        get { Int(narrow.tcpHeaderLength) }
        set { narrow.tcpHeaderLength = Int32(truncatingIfNeeded: newValue) }
    }
    /// Offset of the application payload.
    public var payloadOffset: Int {
        get { Int(narrow.payloadOffset) }
        set { narrow.payloadOffset = Int32(truncatingIfNeeded: newValue) }
    }
    /// Payload length according to the IP header (the wire length).
    public var payloadLength: Int {
        get { Int(narrow.payloadLength) }
        set { narrow.payloadLength = Int32(truncatingIfNeeded: newValue) }
    }

    /// Payload bytes actually present in the capture.
    public var capturedPayloadLength: Int {
        max(0, min(payloadLength, capturedLength - payloadOffset))
    }

    /// Where the next A-MSDU subframe of this 802.11 frame starts, or 0: one
    /// frame may carry several packets (`PacketDecoder.decodeSubframe`).
    public var nextSubframeOffset: Int {
        get { Int(narrow.nextSubframeOffset) }
        set { narrow.nextSubframeOffset = Int32(truncatingIfNeeded: newValue) }
    }

    public var hasMACs: Bool { !sourceMAC.isZero || !destinationMAC.isZero }
}

/// PacketInfo's lengths and offsets, 32 bits each.
private struct NarrowFields: Sendable {
    var wireLength: Int32 = 0
    var capturedLength: Int32 = 0
    var networkOffset: Int32 = 0
    var ipLengthForCounting: Int32 = 0
    var ipHeaderLength: Int32 = 0
    var fragmentOffset: Int32 = 0
    var fragmentHeaderOffset: Int32 = 0
    var fragmentNextHeaderField: Int32 = 0
    var transportOffset: Int32 = 0
    var transportLength: Int32 = 0
    var tcpHeaderLength: Int32 = 0
    var payloadOffset: Int32 = 0
    var payloadLength: Int32 = 0
    var nextSubframeOffset: Int32 = 0
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

extension Service {
    /// Zeek's tunnel analyzers' names in conn.log.
    static let vxlan = Service("vxlan")
    static let geneve = Service("geneve")
    static let teredo = Service("teredo")
    static let ayiya = Service("ayiya")
    static let gtpv1 = Service("gtpv1")
}

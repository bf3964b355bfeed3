/// The transport protocols conn.log distinguishes.
public enum Transport: UInt8, Sendable {
    case tcp, udp, icmp, unknown

    init(ipProtocol: UInt8) {
        switch ipProtocol {
        case 6: self = .tcp
        case 17: self = .udp
        case 1, 58: self = .icmp
        default: self = .unknown
        }
    }

    /// The name conn.log's `proto` column prints.
    public var name: String {
        switch self {
        case .tcp: "tcp"
        case .udp: "udp"
        case .icmp: "icmp"
        case .unknown: "unknown_transport"
        }
    }
}

/// One connection in the table: identity, both endpoints, and what conn.log
/// reports about it. A value type stored inline in its shard's table.
public struct Connection: Sendable {
    public var key: FlowKey
    public var transport: Transport
    public var ipProtocol: UInt8
    public var origAddress: IPAddress
    public var respAddress: IPAddress
    public var origPort: UInt16
    public var respPort: UInt16
    public var startTime: Timestamp
    public var lastTime: Timestamp
    public var orig = Endpoint()
    public var resp = Endpoint()
    public var history = ConnectionHistory()
    public var origL2Address: MACAddress
    public var respL2Address: MACAddress
    public var vlan: UInt16
    public var innerVLAN: UInt16
    /// The encapsulations the connection was seen in, in order (usually none).
    public var tunnels: [TunnelOrigin] = []
    public var missedBytes: UInt64 = 0
    public var services = ServiceList()
    /// The analyzers and recognisers attached (bit n = slot n of
    /// `AnalyzerDispatch`), by port or by content.
    var slots: UInt64 = 0
    /// Slots that confirmed their protocol on the connection.
    var confirmedSlots: UInt64 = 0
    /// Slots that left: detached by a violation, or recognisers that decided.
    /// Content detection does not attach them again.
    var retiredSlots: UInt64 = 0
    /// Whether content detection still reads the connection's first payload.
    var detecting = false
    /// Creation order within the shard: the tie-break that keeps output order
    /// independent of thread count.
    public var serial: UInt64
    /// The uid of a connection carried in from an earlier slice (`--state`):
    /// it keeps the uid its first slice gave it.
    public var carriedUID: ConnectionUID.Words?
    /// The osect layout's polls of a long connection (with `--state`); nil otherwise.
    var poll: ConnectionPoll?

    // TCP session state (Zeek's TCPSessionAdapter).
    var isActive = true
    var isPartial = false
    var firstPacketSeen: UInt8 = 0
    /// Sides that sent a valid Teredo encapsulation (bit 0 originator, bit 1 responder).
    var teredoSides: UInt8 = 0
    var timers = ConnectionTimers()

    init(packet: PacketInfo, ports: FlowPorts, key: FlowKey, serial: UInt64) {
        self.key = key
        self.transport = Transport(ipProtocol: packet.ipProtocol)
        self.ipProtocol = packet.ipProtocol
        self.origAddress = packet.source
        self.respAddress = packet.destination
        self.origPort = ports.source
        self.respPort = ports.destination
        self.startTime = packet.timestamp
        self.lastTime = packet.timestamp
        self.origL2Address = packet.sourceMAC
        self.respL2Address = packet.destinationMAC
        self.vlan = packet.vlan
        self.innerVLAN = packet.innerVLAN
        if let tunnel = packet.tunnel { tunnels = [tunnel] }
        self.serial = serial
    }

    /// Distinct tunnels one connection records (conn.log's `tunnel_parents`):
    /// an inner flow repeated through ever new outer flows would otherwise make
    /// every packet scan a growing list.
    static let maximumTunnelParents = 16

    /// Feeds one packet to the connection, in place.
    mutating func handle<Sink: StreamSink>(_ packet: PacketInfo, sourcePort: UInt16, bytes: UnsafeRawBufferPointer,
                                           sink: inout Sink) {
        let isOrig = isFromOriginator(packet.source, sourcePort)
        if let service = packet.confirmedService { confirm(service, isOrig: isOrig) }
        if let tunnel = packet.tunnel, tunnels.count < Self.maximumTunnelParents, !tunnels.contains(tunnel) {
            tunnels.append(tunnel)
        }
        switch transport {
        case .tcp: processTCP(packet, bytes: bytes, isOrig: isOrig, sink: &sink)
        case .udp: processUDP(packet, bytes: bytes, isOrig: isOrig, sink: &sink)
        case .icmp: processICMP(packet, isOrig: isOrig)
        case .unknown: processOther(packet, isOrig: isOrig)
        }
    }

    /// A tunnel's outer connection speaks its protocol from the first valid
    /// encapsulation, except Teredo, which Zeek confirms only once both sides
    /// sent one (`Tunnel::delay_teredo_confirmation`): a host that merely
    /// receives Teredo-shaped datagrams is not a Teredo peer.
    private mutating func confirm(_ service: Service, isOrig: Bool) {
        guard service == .teredo else {
            services.insert(service)
            return
        }
        teredoSides |= isOrig ? 1 : 2
        if teredoSides == 3 { services.insert(service) }
    }

    /// Whether a packet from `source`:`sourcePort` comes from the originator.
    func isFromOriginator(_ source: IPAddress, _ sourcePort: UInt16) -> Bool {
        source == origAddress && sourcePort == origPort
    }

    /// Swaps the roles of originator and responder, as Zeek's `FlipRoles`.
    mutating func flipRoles() {
        swap(&origAddress, &respAddress)
        swap(&origPort, &respPort)
        swap(&origL2Address, &respL2Address)
        swap(&orig, &resp)
        firstPacketSeen = (firstPacketSeen & 1) << 1 | (firstPacketSeen & 2) >> 1
        isPartial = false
        history.append(UInt8(ascii: "^"))
    }

    /// The connection's duration as conn.log reports it.
    public var duration: Duration { lastTime.interval(since: startTime) }
}

/// The letters of conn.log's `history`, with Zeek's once-per-direction mask.
public struct ConnectionHistory: Sendable {
    public private(set) var letters: [UInt8] = []
    private var seen: UInt32 = 0

    static let syn: UInt32 = 0x1, fin: UInt32 = 0x2, rst: UInt32 = 0x4, finRST: UInt32 = 0x8
    static let ack: UInt32 = 0x10, data: UInt32 = 0x20, multiFlag: UInt32 = 0x80

    /// Adds `letter` (upper case, lowered for the responder) the first time the
    /// event is seen in that direction; returns whether it had been seen before.
    @discardableResult
    mutating func check(_ mask: UInt32, _ letter: Character, isOrig: Bool) -> Bool {
        let m = isOrig ? mask : mask << 16
        if seen & m == 0 {
            seen |= m
            add(letter, isOrig: isOrig)
            return false
        }
        return true
    }

    mutating func add(_ letter: Character, isOrig: Bool) {
        let ascii = letter.asciiValue!
        letters.append(isOrig ? ascii : ascii | 0x20)
    }

    mutating func append(_ byte: UInt8) { letters.append(byte) }
}

/// The pending Zeek timers of a connection, evaluated lazily when the
/// connection's next packet arrives or when its shard is swept.
struct ConnectionTimers: Sendable {
    /// tcp_attempt_delay after the originator's SYN.
    var attempt: Timestamp?
    /// The TCP expire check (tcp_SYN_timeout, then every tcp_session_timer).
    var expire: Timestamp?
    /// tcp_close_delay after a complete close.
    var closeDelete: Timestamp?
    /// Inactivity timeout in nanoseconds after the last packet; 0 = none.
    var inactivityNanoseconds: Int64 = 0
    /// An analyzer's session check on a UDP connection (DNS's): `expire` is
    /// its next run.
    var sessionExpiry: SessionExpiry?
}

extension ConnectionHistory {
    func carry(into writer: inout StateWriter) {
        writer.put(letters)
        writer.put(seen)
    }

    init(carriedFrom reader: inout StateReader) throws {
        letters = try reader.byteString()
        seen = try reader.uint32()
    }
}

/// An IP address as the rule engine sees it: IPv4 in the low 32 bits.
public struct RuleIP: Hashable, Sendable, Comparable {
    public var value: UInt128
    public var isV6: Bool

    public init(v4: UInt32) {
        value = UInt128(v4)
        isV6 = false
    }

    public init(v6: UInt128) {
        value = v6
        isV6 = true
    }

    public static func < (a: RuleIP, b: RuleIP) -> Bool {
        a.isV6 != b.isV6 ? !a.isV6 : a.value < b.value
    }
}

/// One packet offered to the engine, with what the flow engine knows about it.
/// The caller owns every buffer; they are read only during `inspect`.
public struct SignaturePacket {
    /// Capture time in nanoseconds since the Unix epoch.
    public var timeNanoseconds: Int64
    public var source: RuleIP
    public var destination: RuleIP
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var ipProtocol: UInt8
    public var ttl: UInt8 = 0
    public var tcpFlags: UInt8 = 0
    public var icmpType: UInt8 = 0
    public var icmpCode: UInt8 = 0
    /// The transport payload of this packet.
    public var payload: UnsafeRawBufferPointer
    /// Whether the packet travels from the flow's client to its server.
    public var toServer: Bool
    /// TCP: the handshake completed; UDP/other: both sides have sent.
    public var flowEstablished: Bool
    /// The first packet of its flow in this direction (ip-only rules run then).
    public var firstInDirection: Bool
    /// TCP: the raw stream chunk this packet inspects (see `RawStream`), one
    /// buffer per block between gaps; empty when no chunk is due.
    public var stream: [UnsafeRawBufferPointer] = []
    /// TCP: the payload went into the connection's stream (Suricata's
    /// PKT_STREAM_ADD), so stream rules see it in a chunk, not here.
    public var streamAdded = false
    /// A flow-end pseudo packet: no packet of its own, only the stream's last
    /// chunk; rules that need a real packet do not run.
    public var isPseudo = false
    /// The application protocol detected on the flow ("http", "dns"…), if any.
    public var appProto: String?
    /// Application buffers by sticky-buffer name ("http.uri", "dns.query"…).
    public var appBuffers: [(name: String, bytes: UnsafeRawBufferPointer)] = []
    /// The input is an application transaction's progress (HTTP headers or a
    /// body, a TLS hello) rather than a packet: only rules that read
    /// application buffers run, as Suricata's app-tx inspection; the packet
    /// rules already met the packet that carried it.
    public var isTransaction = false

    public init(timeNanoseconds: Int64, source: RuleIP, destination: RuleIP, sourcePort: UInt16,
                destinationPort: UInt16, ipProtocol: UInt8, payload: UnsafeRawBufferPointer,
                toServer: Bool, flowEstablished: Bool, firstInDirection: Bool) {
        self.timeNanoseconds = timeNanoseconds
        self.source = source
        self.destination = destination
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.ipProtocol = ipProtocol
        self.payload = payload
        self.toServer = toServer
        self.flowEstablished = flowEstablished
        self.firstInDirection = firstInDirection
    }

    func appBuffer(_ name: String) -> UnsafeRawBufferPointer? {
        appBuffers.first { $0.name == name }?.bytes
    }
}

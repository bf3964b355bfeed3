/// One parsed rule: header, meta data, and what it inspects.
public struct Signature: Sendable {
    public enum Action: String, Sendable { case alert, pass, drop, reject, rejectsrc, rejectdst, rejectboth }

    public var action: Action
    /// Header protocol (`tcp`, `udp`, `http`…): transport and, for app
    /// protocols, the detected protocol it needs.
    public var proto: RuleProtocol
    public var source: AddressSet
    public var sourcePorts: PortSet
    public var destination: AddressSet
    public var destinationPorts: PortSet
    public var bidirectional: Bool

    public var sid: UInt32 = 0
    public var gid: UInt32 = 1
    public var rev: UInt32 = 0
    public var message = ""
    public var classtype: String?
    /// The rule's own `priority`, overriding its classtype's.
    public var priority: Int?
    /// `metadata` keys in first-use order, each with its values in order.
    public var metadata: [(key: String, values: [String])] = []
    public var target: Target?
    public enum Target: String, Sendable { case source = "src_ip", destination = "dest_ip" }

    public var flow = FlowCondition()
    public var dsize: NumericCondition?
    /// Header checks (ttl, itype, icode, flags…).
    public var headerChecks: [HeaderCheck] = []
    /// Inspected buffers, each with its chain of matchers in rule order.
    public var buffers: [BufferInspection] = []
    public var flowbits: [FlowbitOperation] = []
    public var noalert = false
    public var threshold: Threshold?
    public var detectionFilter: Threshold?

    /// Where the rule was read from, for reports.
    public var file = ""
    public var line = 0

    /// Whether Suricata treats it as ip-only: addresses only, checked once per
    /// flow direction.
    var isIPOnly: Bool {
        proto == .ip && sourcePorts.isAny && destinationPorts.isAny && buffers.isEmpty && dsize == nil
            && headerChecks.isEmpty && flow == FlowCondition() && flowbits.allSatisfy { !$0.isCondition }
    }

    /// The application buffers it needs, which must all be present for a match.
    public var requiredAppBuffers: [String] { buffers.compactMap { $0.buffer == .payload ? nil : $0.buffer.name } }

    /// Whether it reads an application buffer: only such rules run when a
    /// transaction, rather than a packet, is inspected.
    var readsAppBuffers: Bool { buffers.contains { $0.buffer != .payload } }
}

/// A rule header protocol.
public enum RuleProtocol: Equatable, Sendable {
    case ip, tcp, udp, icmp, icmpv6
    /// An application protocol; `transport` is TCP, UDP, or either.
    case app(String, transport: UInt8?)

    init?(_ text: String) {
        switch text.lowercased() {
        case "ip", "pkthdr": self = .ip
        case "tcp", "tcp-pkt", "tcp-stream": self = .tcp
        case "udp": self = .udp
        case "icmp": self = .icmp
        case "icmpv6": self = .icmpv6
        case "http", "http1", "tls", "ssl", "smtp", "ftp", "ftp-data", "smb", "ssh", "dcerpc", "imap", "pop3",
             "http2", "mqtt", "modbus", "dnp3", "enip", "rdp", "rfb", "irc", "telnet", "pgsql", "ldap", "websocket":
            self = .app(text.lowercased() == "http1" ? "http" : text.lowercased(), transport: 6)
        case "dns", "krb5", "nfs", "ntp":
            self = .app(text.lowercased(), transport: nil)
        case "tftp", "snmp", "sip", "dhcp", "quic", "ikev2", "ike":
            self = .app(text.lowercased(), transport: 17)
        default: return nil
        }
    }

    var isApplication: Bool {
        if case .app = self { return true }
        return false
    }

    func admits(ipProtocol: UInt8) -> Bool {
        switch self {
        case .ip: true
        case .tcp: ipProtocol == 6
        case .udp: ipProtocol == 17
        case .icmp: ipProtocol == 1
        case .icmpv6: ipProtocol == 58
        case .app(_, let transport): transport.map { $0 == ipProtocol } ?? (ipProtocol == 6 || ipProtocol == 17)
        }
    }
}

/// The `flow` keyword's conditions.
public struct FlowCondition: Equatable, Sendable {
    public var toServer: Bool?
    public var established: Bool?
    public var stateless = false
    public var onlyStream = false
    public var noStream = false
    /// The header said `tcp-stream`: stream chunks first, but unlike
    /// `only_stream` a packet kept out of the stream is still inspected.
    public var streamHeader = false
}

/// Which bytes a chain of matchers reads.
public enum BufferID: Hashable, Sendable {
    /// The packet payload (or reassembled stream).
    case payload
    case app(String)

    var name: String {
        switch self {
        case .payload: "pkt_data"
        case .app(let n): n
        }
    }
}

/// The matchers of one buffer, in rule order.
public struct BufferInspection: Sendable {
    public var buffer: BufferID
    public var matchers: [Matcher] = []
    /// `bsize`: the buffer's length.
    public var size: NumericCondition?
    /// `dotprefix`: a `.` is put before the buffer (for domain-suffix contents).
    public var dotPrefix = false
}

/// One position-aware step of a buffer's chain.
public enum Matcher: Sendable {
    case content(ContentMatch)
    case pcre(PcreMatch)
    case byteTest(ByteTest)
    case byteJump(ByteJump)
    case byteExtract(ByteExtract)
    case isDataAt(IsDataAt)

    /// Whether it is anchored on the previous match's end.
    var isRelative: Bool {
        switch self {
        case .content(let c): c.isRelative
        case .pcre(let p): p.relative
        case .byteTest(let b): b.relative
        case .byteJump(let b): b.relative
        case .byteExtract(let b): b.relative
        case .isDataAt(let i): i.relative
        }
    }
}

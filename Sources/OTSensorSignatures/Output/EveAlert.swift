/// One alert as eve.json reports it: the packet, the rule and the flow.
public struct EveAlert: Sendable {
    public var timeNanoseconds: Int64
    public var flowID: UInt64
    /// Suricata writes `pcap_cnt` (the packet's number in the file) when reading a file.
    public var pcapCount: Int?
    public var interface: String?
    public var source: RuleIP
    public var sourcePort: UInt16
    public var destination: RuleIP
    public var destinationPort: UInt16
    public var ipProtocol: UInt8
    public var icmpType: UInt8 = 0
    public var icmpCode: UInt8 = 0
    public var signature: Int
    public var appProto: String?
    public var toServer: Bool
    public var flow: EveFlow
    /// Raised on a flow-end pseudo packet (Suricata's `pkt_src` "stream (flow timeout)").
    public var isFlowEnd = false

    public init(timeNanoseconds: Int64, flowID: UInt64, source: RuleIP, sourcePort: UInt16, destination: RuleIP,
                destinationPort: UInt16, ipProtocol: UInt8, signature: Int, toServer: Bool, flow: EveFlow) {
        self.timeNanoseconds = timeNanoseconds
        self.flowID = flowID
        self.source = source
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPort = destinationPort
        self.ipProtocol = ipProtocol
        self.signature = signature
        self.toServer = toServer
        self.flow = flow
    }

    /// Suricata's flow_id: the flow hash, start seconds and microseconds packed
    /// into 51 bits (LOGS.md §6.17). The hash is FNV-1a over the addresses and
    /// ports in a direction-independent order, so both directions agree.
    public static func flowID(client: RuleIP, clientPort: UInt16, server: RuleIP, serverPort: UInt16,
                              ipProtocol: UInt8, startNanoseconds: Int64) -> UInt64 {
        var hash: UInt32 = 2_166_136_261
        func mix(_ value: UInt128, _ bytes: Int) {
            for i in 0..<bytes {
                hash ^= UInt32(truncatingIfNeeded: value >> (8 * i))
                hash = hash &* 16_777_619
            }
        }
        let a = (client, clientPort), b = (server, serverPort)
        let (low, high) = (a.0, a.1) < (b.0, b.1) ? (a, b) : (b, a)
        mix(low.0.value, 16)
        mix(high.0.value, 16)
        mix(UInt128(low.1), 2)
        mix(UInt128(high.1), 2)
        mix(UInt128(ipProtocol), 1)
        let seconds = UInt64(startNanoseconds / 1_000_000_000)
        let micros = UInt64(startNanoseconds % 1_000_000_000 / 1000)
        return (UInt64(hash) << 31 | (seconds & 0xFFFF) << 16 | (micros & 0xFFFF)) & 0x7_FFFF_FFFF_FFFF
    }
}

/// The flow object of an alert: counters at the alerting packet and the
/// flow's own (client → server) addresses.
public struct EveFlow: Sendable {
    public var packetsToServer: UInt64
    public var packetsToClient: UInt64
    public var bytesToServer: UInt64
    public var bytesToClient: UInt64
    public var startNanoseconds: Int64
    public var client: RuleIP
    public var clientPort: UInt16
    public var server: RuleIP
    public var serverPort: UInt16

    public init(packetsToServer: UInt64, packetsToClient: UInt64, bytesToServer: UInt64, bytesToClient: UInt64,
                startNanoseconds: Int64, client: RuleIP, clientPort: UInt16, server: RuleIP, serverPort: UInt16) {
        self.packetsToServer = packetsToServer
        self.packetsToClient = packetsToClient
        self.bytesToServer = bytesToServer
        self.bytesToClient = bytesToClient
        self.startNanoseconds = startNanoseconds
        self.client = client
        self.clientPort = clientPort
        self.server = server
        self.serverPort = serverPort
    }
}

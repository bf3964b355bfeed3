import OTSensorSignatures

/// One shard's rule matching: turns each packet the flow engine has handled
/// into the engine's input, keeps the flows' flowbits, and collects the
/// matches. Touched by one worker at a time, like the shard's table.
final class SignatureShard: @unchecked Sendable {
    private let engine: SignatureEngine
    private let shard: Int
    /// Flowbits of the shard's connections, by serial (only flows that set one).
    private var flows: [UInt64: SignatureFlowState] = [:]
    /// Matches in the shard's packet order, before threshold filtering.
    private(set) var matches: [SignatureMatch] = []
    private var packetSequence: UInt64 = 0

    init(rules: RuleSet, shard: Int) {
        engine = SignatureEngine(rules: rules)
        self.shard = shard
    }

    var pcreLimitHits: Int { engine.pcreLimitHits }

    func inspect(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer, connection: Connection) {
        packetSequence += 1
        let toServer = connection.isFromOriginator(packet.source, FlowPorts(packet).source)
        let start = min(packet.payloadOffset, bytes.count)
        let payload = UnsafeRawBufferPointer(rebasing: bytes[start..<min(bytes.count, start + packet.capturedPayloadLength)])
        let sender = toServer ? connection.orig : connection.resp
        var input = SignaturePacket(
            timeNanoseconds: packet.timestamp.nanoseconds, source: Self.ruleIP(packet.source),
            destination: Self.ruleIP(packet.destination), sourcePort: packet.sourcePort,
            destinationPort: packet.destinationPort, ipProtocol: packet.ipProtocol, payload: payload,
            toServer: toServer, flowEstablished: Self.isEstablished(connection),
            firstInDirection: sender.packets == 1)
        input.ttl = packet.ttl
        input.tcpFlags = packet.tcpFlags.rawValue
        input.icmpType = packet.icmpType
        input.icmpCode = packet.icmpCode
        input.appProto = Self.appProto(connection.services)
        var flow = flows[connection.serial] ?? SignatureFlowState()
        let hadBits = !flow.flowbits.isEmpty
        let alerting: [Int]
        if input.appProto == "dns", toServer, packet.ipProtocol == 17, let query = Self.dnsQuery(payload) {
            alerting = query.withUnsafeBytes { bytes in
                input.appBuffers = [(name: "dns.query", bytes: bytes)]
                return engine.inspect(input, flow: &flow)
            }
        } else {
            alerting = engine.inspect(input, flow: &flow)
        }
        if !flow.flowbits.isEmpty || hadBits { flows[connection.serial] = flow }
        guard !alerting.isEmpty else { return }
        let client = Self.ruleIP(connection.origAddress), server = Self.ruleIP(connection.respAddress)
        let clientPort = connection.transport == .icmp ? 0 : connection.origPort
        let serverPort = connection.transport == .icmp ? 0 : connection.respPort
        let eveFlow = EveFlow(packetsToServer: connection.orig.packets, packetsToClient: connection.resp.packets,
                              bytesToServer: connection.orig.ipBytes, bytesToClient: connection.resp.ipBytes,
                              startNanoseconds: connection.startTime.nanoseconds, client: client,
                              clientPort: clientPort, server: server, serverPort: serverPort)
        let flowID = EveAlert.flowID(client: client, clientPort: clientPort, server: server, serverPort: serverPort,
                                     ipProtocol: packet.ipProtocol, startNanoseconds: connection.startTime.nanoseconds)
        for (rank, index) in alerting.enumerated() {
            var alert = EveAlert(timeNanoseconds: packet.timestamp.nanoseconds, flowID: flowID, source: input.source,
                                 sourcePort: input.sourcePort, destination: input.destination,
                                 destinationPort: input.destinationPort, ipProtocol: packet.ipProtocol,
                                 signature: index, toServer: toServer, flow: eveFlow)
            alert.appProto = input.appProto
            alert.icmpType = packet.icmpType
            alert.icmpCode = packet.icmpCode
            matches.append(SignatureMatch(alert: alert, shard: shard, packet: packetSequence, rank: rank))
        }
    }

    func connectionEnded(serial: UInt64) { flows[serial] = nil }

    /// TCP: both sides completed the handshake; otherwise both sides have sent.
    static func isEstablished(_ c: Connection) -> Bool {
        if c.transport == .tcp { return c.orig.state == .established && c.resp.state == .established }
        return c.orig.packets > 0 && c.resp.packets > 0
    }

    /// The `dns.query` buffer of a request: its first question's name, dotted
    /// (from the DNS analyzer's reader, which lower-cases it as Zeek does;
    /// Suricata keeps the case, so a case-sensitive content may differ).
    static func dnsQuery(_ payload: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let message = try? DNSMessage(parsing: payload), !message.header.isResponse else { return nil }
        return message.questions.first?.name
    }

    /// Suricata's name for the protocol the analyzers confirmed, for
    /// `alert dns …` rules and eve.json's app_proto.
    static func appProto(_ services: ServiceList) -> String? {
        suricataNames.first { services.contains($0.zeek) }?.suricata
    }

    /// Zeek's service names and Suricata's app-layer names for them.
    private static let suricataNames: [(zeek: Service, suricata: String)] = [
        ("http", "http"), ("ssl", "tls"), ("dns", "dns"), ("dhcp", "dhcp"), ("ssh", "ssh"), ("ftp", "ftp"),
        ("smtp", "smtp"), ("quic", "quic"), ("ldap_tcp", "ldap"), ("ldap_udp", "ldap"), ("modbus", "modbus"),
        ("dnp3_tcp", "dnp3"), ("dnp3_udp", "dnp3"), ("ntp", "ntp"),
    ].map { (Service($0.0), $0.1) }

    static func ruleIP(_ a: IPAddress) -> RuleIP {
        a.isIPv4 ? RuleIP(v4: a.ipv4Value) : RuleIP(v6: UInt128(a.high) << 64 | UInt128(a.low))
    }
}

/// A rule match on one packet, with its place in capture order.
struct SignatureMatch: Sendable {
    var alert: EveAlert
    var shard: Int
    /// The packet's number within its shard.
    var packet: UInt64
    /// Its place among the packet's matches (rule order).
    var rank: Int
}

import OTSensorSignatures

/// One shard's rule matching: turns each packet the flow engine has handled
/// into the engine's input, keeps the flows' flowbits, and collects the
/// matches. Touched by one worker at a time, like the shard's table.
///
/// Application transactions are inspected as Suricata's app-tx engines do:
/// after the packet, each HTTP transaction that progressed on it (headers
/// or a message complete, a body at its inspect size) and a TLS hello once
/// seen are offered with their buffers, and a rule alerts at most once per
/// transaction.
final class SignatureShard: @unchecked Sendable {
    private let engine: SignatureEngine
    private let shard: Int
    /// Flowbits of the shard's connections, by serial (only flows that set one).
    private var flows: [UInt64: SignatureFlowState] = [:]
    /// Matches in the shard's packet order, before threshold filtering.
    private(set) var matches: [SignatureMatch] = []
    private var packetSequence: UInt64 = 0
    /// The application buffers some rule reads: only these are built.
    private let wanted: Set<String>
    private let readsHTTP: Bool
    private let readsTLS: Bool
    /// The shard's analyzers, whose HTTP transactions and TLS hellos feed the buffers.
    private var analyzers: AnalyzerSet?
    private var http: HTTPAnalyzer?
    /// Rules that alerted on each transaction, by connection serial and
    /// transaction (HTTP depth, 0 for TLS): a transaction alerts once per rule.
    private var alerted: [UInt64: [Int: Set<Int>]] = [:]

    init(rules: RuleSet, shard: Int) {
        engine = SignatureEngine(rules: rules)
        self.shard = shard
        wanted = rules.appBufferNames
        readsHTTP = rules.readsHTTPBuffers
        readsTLS = wanted.contains("tls.sni")
    }

    /// Connects the shard's analyzers (done once, by its connection table).
    func attach(_ analyzers: AnalyzerSet) {
        self.analyzers = analyzers
        http = readsHTTP ? analyzers.httpAnalyzer : nil
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
        var rank = 0
        let alerting: [Int]
        if input.appProto == "dns", toServer, packet.ipProtocol == 17, let query = Self.dnsQuery(payload) {
            alerting = query.withUnsafeBytes { bytes in
                input.appBuffers = [(name: "dns.query", bytes: bytes)]
                defer { input.appBuffers = [] }
                return engine.inspect(input, flow: &flow)
            }
        } else {
            alerting = engine.inspect(input, flow: &flow)
        }
        record(alerting, input: input, packet: packet, connection: connection, rank: &rank)
        if packet.ipProtocol == 6 {
            inspectTransactions(input, packet: packet, connection: connection, flow: &flow, rank: &rank)
        }
        if !flow.flowbits.isEmpty || hadBits { flows[connection.serial] = flow }
    }

    /// The HTTP transactions that progressed on this packet and a TLS hello
    /// not yet inspected, each with its buffers, as app-tx inputs.
    private func inspectTransactions(_ packet: SignaturePacket, packet info: PacketInfo, connection: Connection,
                                     flow: inout SignatureFlowState, rank: inout Int) {
        if let http {
            for transaction in http.takeInspections(serial: connection.serial) {
                let toServer = transaction.progressIsToServer
                let buffers = HTTPBuffers.build(transaction.bufferSource, toServer: toServer, wanted: wanted)
                if !buffers.isEmpty {
                    inspect(buffers, transaction: transaction.depth,
                            toServer: toServer, packet, info: info, connection: connection, flow: &flow, rank: &rank)
                }
                // A pair with its final response progresses no more: what it alerted need not be remembered.
                if transaction.inspection.responseComplete, !(100...199).contains(transaction.statusCode ?? 0) {
                    alerted[connection.serial]?[transaction.depth] = nil
                }
            }
        }
        if readsTLS, packet.appProto == "tls", alerted[connection.serial]?[0] == nil,
           let hello = analyzers?.tlsClientHello(serial: connection.serial) {
            var buffers = AppBufferSet()
            if let name = hello.serverNameBytes, !name.isEmpty { buffers.add("tls.sni", name) }
            // Inspected once: an empty set marks the hello as seen.
            alerted[connection.serial, default: [:]][0] = []
            guard !buffers.isEmpty else { return }
            inspect(buffers, transaction: 0, toServer: true, packet,
                    info: info, connection: connection, flow: &flow, rank: &rank)
        }
    }

    /// Runs the app-tx rules on one transaction's buffers. The input keeps
    /// the packet's header fields, turned to the transaction's direction.
    private func inspect(_ buffers: AppBufferSet, transaction: Int, toServer: Bool, _ packet: SignaturePacket,
                         info: PacketInfo, connection: Connection, flow: inout SignatureFlowState, rank: inout Int) {
        var input = packet
        input.isTransaction = true
        if input.toServer != toServer {
            input.toServer = toServer
            swap(&input.source, &input.destination)
            swap(&input.sourcePort, &input.destinationPort)
        }
        let matched = buffers.withBuffers { list in
            input.appBuffers = list
            defer { input.appBuffers = [] }
            return engine.inspect(input, flow: &flow)
        }
        var seen = alerted[connection.serial]?[transaction] ?? []
        let fresh = matched.filter { seen.insert($0).inserted }
        alerted[connection.serial, default: [:]][transaction] = seen
        record(fresh, input: input, packet: info, connection: connection, rank: &rank)
    }

    /// Turns matching signatures into alerts with the flow's eve.json fields.
    private func record(_ alerting: [Int], input: SignaturePacket, packet: PacketInfo, connection: Connection,
                        rank: inout Int) {
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
        for index in alerting {
            var alert = EveAlert(timeNanoseconds: packet.timestamp.nanoseconds, flowID: flowID, source: input.source,
                                 sourcePort: input.sourcePort, destination: input.destination,
                                 destinationPort: input.destinationPort, ipProtocol: packet.ipProtocol,
                                 signature: index, toServer: input.toServer, flow: eveFlow)
            alert.appProto = input.appProto
            alert.icmpType = packet.icmpType
            alert.icmpCode = packet.icmpCode
            matches.append(SignatureMatch(alert: alert, shard: shard, packet: packetSequence, rank: rank))
            rank += 1
        }
    }

    func connectionEnded(serial: UInt64) {
        flows[serial] = nil
        alerted[serial] = nil
    }

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

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
    /// Rules that matched each transaction, by connection serial and
    /// transaction (HTTP depth, 0 for TLS): a rule matches a transaction once.
    private var alerted: [UInt64: [Int: Set<Int>]] = [:]
    /// Whether some rule reads TCP streams: then each TCP connection seen
    /// from its SYN keeps its raw streams here, by serial.
    let inspectsStreams: Bool
    private var sessions: [UInt64: StreamSession] = [:]

    init(rules: RuleSet, shard: Int) {
        engine = SignatureEngine(rules: rules)
        self.shard = shard
        wanted = rules.appBufferNames
        readsHTTP = rules.readsHTTPBuffers
        readsTLS = wanted.contains("tls.sni")
        inspectsStreams = rules.inspectsStreams
    }

    /// Connects the shard's analyzers (done once, by its connection table).
    func attach(_ analyzers: AnalyzerSet) {
        self.analyzers = analyzers
        http = readsHTTP || inspectsStreams ? analyzers.httpAnalyzer : nil
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
        if var session = trackedSession(packet, connection: connection, established: &input.flowEstablished) {
            input.streamAdded = !payload.isEmpty && !packet.tcpFlags.contains(.rst) && packet.transportChecksumValid
                && !Self.isPastDepth(packet, sender: sender)
            // Suricata detects the protocol when the peer acknowledges the
            // data that shows it: the packet carrying that data does not have it yet.
            var packetInput = input
            if input.appProto != nil {
                if session.protocolKnownAt == nil { session.protocolKnownAt = packetSequence }
                if session.protocolKnownAt == packetSequence && !payload.isEmpty { packetInput.appProto = nil }
            }
            if session.established && session[toServer: toServer].isReady(closing: session.closing) {
                alerting = session[toServer: toServer].inspectChunk(endOfFlow: false) { blocks in
                    packetInput.stream = blocks
                    defer { packetInput.stream = [] }
                    return inspectPacket(packetInput, flow: &flow)
                }
            } else {
                alerting = inspectPacket(packetInput, flow: &flow)
            }
            sessions[connection.serial] = session
        } else {
            alerting = inspectPacket(input, flow: &flow)
        }
        record(alerting, input: input, time: packet.timestamp.nanoseconds, connection: connection, rank: &rank)
        if packet.ipProtocol == 6 {
            inspectTransactions(input, time: packet.timestamp.nanoseconds, connection: connection, flow: &flow,
                                rank: &rank)
        }
        if !flow.flowbits.isEmpty || hadBits { flows[connection.serial] = flow }
    }

    /// The packet rules on one packet; a DNS request's query name goes with it.
    private func inspectPacket(_ packet: SignaturePacket, flow: inout SignatureFlowState) -> [Int] {
        var input = packet
        if input.appProto == "dns", input.toServer, input.ipProtocol == 17, let query = Self.dnsQuery(input.payload) {
            return query.withUnsafeBytes { bytes in
                input.appBuffers = [(name: "dns.query", bytes: bytes)]
                return engine.inspect(input, flow: &flow)
            }
        }
        return engine.inspect(input, flow: &flow)
    }

    /// Whether `connection`'s reassembled payload goes to its raw streams: a
    /// TCP connection seen from its SYN, when some rule reads streams
    /// (Suricata, without `stream.midstream`, tracks no other session).
    func tracksStream(of connection: Connection, packet: PacketInfo) -> Bool {
        inspectsStreams && connection.transport == .tcp
            && !connection.isPartial(after: packet.tcpFlags,
                                     isOrig: connection.isFromOriginator(packet.source, FlowPorts(packet).source))
    }

    /// The session of a tracked connection, taken out of the table (the
    /// caller puts it back) and brought up to date with the packet the
    /// connection just handled: acknowledgements, handshake, FIN and RST.
    /// `established` becomes Suricata's FLOW_PKT_ESTABLISHED: set from the
    /// packet after the handshake on (FIN and RST included), or on the
    /// handshake's last packet when it carries data.
    private func trackedSession(_ packet: PacketInfo, connection: Connection,
                                established: inout Bool) -> StreamSession? {
        guard packet.ipProtocol == 6, !connection.isPartial else { return nil }
        var session = sessions.removeValue(forKey: connection.serial) ?? StreamSession()
        // Relative sequence 1 is the first payload byte, stream offset 0.
        session.toServer.acknowledge(upTo: max(connection.orig.stream.trimSequence, 1) - 1)
        session.toClient.acknowledge(upTo: max(connection.resp.stream.trimSequence, 1) - 1)
        if packet.transportChecksumValid {
            session.observe(toServer: connection.isFromOriginator(packet.source, FlowPorts(packet).source),
                            flags: packet.tcpFlags.rawValue)
        }
        let before = session.established
        if Self.isEstablished(connection) { session.established = true }
        established = before || session.established && packet.payloadLength > 0
        return session
    }

    /// Whether the packet's payload starts past the stream depth, where
    /// Suricata stops reassembling (STREAMTCP_STREAM_FLAG_NOREASSEMBLY): it
    /// is then not in the stream, and stream rules read it as a packet.
    static func isPastDepth(_ packet: PacketInfo, sender: Endpoint) -> Bool {
        guard !packet.tcpFlags.contains(.syn) else { return false }
        // The SYN takes the start sequence number: the first payload byte is offset 0.
        let offset = UInt64(packet.sequenceNumber &- sender.startSequence &- 1)
        return offset >= RawStream.defaultDepth
    }

    /// In-order payload of a tracked connection, from reassembly (`sequence`
    /// relative, 1 for the first byte).
    func streamData(_ bytes: UnsafeRawBufferPointer, sequence: UInt64, isOrig: Bool, serial: UInt64) {
        sessions[serial, default: StreamSession()][toServer: isOrig].append(bytes, at: max(sequence, 1) - 1)
    }

    /// Bytes reassembly never saw: the stream's next block starts after them.
    func streamGap(sequence: UInt64, length: UInt64, isOrig: Bool, serial: UInt64) {
        sessions[serial, default: StreamSession()][toServer: isOrig].gap(at: max(sequence, 1) - 1, length: length)
    }

    /// The HTTP transactions that progressed on this packet and a TLS hello
    /// not yet inspected, each with its buffers, as app-tx inputs.
    private func inspectTransactions(_ packet: SignaturePacket, time: Int64, connection: Connection,
                                     flow: inout SignatureFlowState, rank: inout Int) {
        if let http {
            for transaction in http.takeInspections(serial: connection.serial) {
                let toServer = transaction.progressIsToServer
                triggerRawInspection(transaction, toServer: toServer, serial: connection.serial)
                let buffers = HTTPBuffers.build(transaction.bufferSource, toServer: toServer, wanted: wanted)
                if !buffers.isEmpty {
                    inspect(buffers, transaction: transaction.depth,
                            toServer: toServer, packet, time: time, connection: connection, flow: &flow, rank: &rank)
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
                    time: time, connection: connection, flow: &flow, rank: &rank)
        }
    }

    /// Runs the app-tx rules on one transaction's buffers. The input keeps
    /// the packet's header fields, turned to the transaction's direction.
    private func inspect(_ buffers: AppBufferSet, transaction: Int, toServer: Bool, _ packet: SignaturePacket,
                         time: Int64, connection: Connection, flow: inout SignatureFlowState, rank: inout Int) {
        var input = packet
        input.isTransaction = true
        input.stream = []
        if input.toServer != toServer {
            input.toServer = toServer
            swap(&input.source, &input.destination)
            swap(&input.sourcePort, &input.destinationPort)
        }
        var seen = alerted[connection.serial]?[transaction] ?? []
        let fresh = buffers.withBuffers { list in
            input.appBuffers = list
            defer { input.appBuffers = [] }
            return engine.inspect(input, flow: &flow, matched: &seen)
        }
        alerted[connection.serial, default: [:]][transaction] = seen
        record(fresh, input: input, time: time, connection: connection, rank: &rank)
    }

    /// An HTTP message completed: its direction's stream is inspected on the
    /// next packet that way, as libhtp's completion callbacks ask Suricata to
    /// (AppLayerParserTriggerRawStreamInspection).
    private func triggerRawInspection(_ transaction: HTTPTransaction, toServer: Bool, serial: UInt64) {
        guard inspectsStreams else { return }
        let complete = toServer ? transaction.inspection.requestComplete : transaction.inspection.responseComplete
        if complete { sessions[serial]?[toServer: toServer].triggered = true }
    }

    /// Turns matching signatures into alerts with the flow's eve.json fields.
    private func record(_ alerting: [Int], input: SignaturePacket, time: Int64, connection: Connection,
                        rank: inout Int, flowEnd: Bool = false) {
        guard !alerting.isEmpty else { return }
        let client = Self.ruleIP(connection.origAddress), server = Self.ruleIP(connection.respAddress)
        let clientPort = connection.transport == .icmp ? 0 : connection.origPort
        let serverPort = connection.transport == .icmp ? 0 : connection.respPort
        let eveFlow = EveFlow(packetsToServer: connection.orig.packets, packetsToClient: connection.resp.packets,
                              bytesToServer: connection.orig.ipBytes, bytesToClient: connection.resp.ipBytes,
                              startNanoseconds: connection.startTime.nanoseconds, client: client,
                              clientPort: clientPort, server: server, serverPort: serverPort)
        let flowID = EveAlert.flowID(client: client, clientPort: clientPort, server: server, serverPort: serverPort,
                                     ipProtocol: input.ipProtocol, startNanoseconds: connection.startTime.nanoseconds)
        for index in alerting {
            var alert = EveAlert(timeNanoseconds: time, flowID: flowID, source: input.source,
                                 sourcePort: input.sourcePort, destination: input.destination,
                                 destinationPort: input.destinationPort, ipProtocol: input.ipProtocol,
                                 signature: index, toServer: input.toServer, flow: eveFlow)
            alert.appProto = input.appProto
            alert.icmpType = input.icmpType
            alert.icmpCode = input.icmpCode
            alert.isFlowEnd = flowEnd
            matches.append(SignatureMatch(alert: alert, shard: shard, packet: packetSequence, rank: rank))
            rank += 1
        }
    }

    /// A connection left the table: what its streams hold uninspected is
    /// inspected on flow-end pseudo packets (FlowFinish), then its state goes.
    func connectionEnded(_ connection: Connection) {
        if let session = sessions.removeValue(forKey: connection.serial), inspectsStreams {
            finish(session, connection: connection)
        }
        flows[connection.serial] = nil
        alerted[connection.serial] = nil
    }

    /// One pseudo packet per direction that needs it, to the server first,
    /// at the flow's last packet time, reading the rest of that direction's
    /// stream whether acknowledged or not.
    private func finish(_ session: StreamSession, connection: Connection) {
        var session = session
        let directions = session.flowEndDirections
        var flow = flows[connection.serial] ?? SignatureFlowState()
        let client = Self.ruleIP(connection.origAddress), server = Self.ruleIP(connection.respAddress)
        for toServer in [true, false] where toServer ? directions.toServer : directions.toClient {
            packetSequence += 1
            let alerting = session[toServer: toServer].inspectChunk(endOfFlow: true) { blocks in
                var input = SignaturePacket(
                    timeNanoseconds: connection.lastTime.nanoseconds, source: toServer ? client : server,
                    destination: toServer ? server : client,
                    sourcePort: toServer ? connection.origPort : connection.respPort,
                    destinationPort: toServer ? connection.respPort : connection.origPort, ipProtocol: 6,
                    payload: UnsafeRawBufferPointer(start: nil, count: 0), toServer: toServer,
                    flowEstablished: true, firstInDirection: false)
                input.isPseudo = true
                input.stream = blocks
                input.appProto = Self.appProto(connection.services)
                let alerting = engine.inspect(input, flow: &flow)
                input.stream = []
                return (alerting, input)
            }
            var rank = 0
            record(alerting.0, input: alerting.1, time: connection.lastTime.nanoseconds, connection: connection,
                   rank: &rank, flowEnd: true)
        }
    }

    /// A connection carried into the next slice: its rule state is not
    /// carried, and what its streams hold uninspected is inspected now.
    func connectionCarried(_ connection: Connection) {
        if var session = sessions.removeValue(forKey: connection.serial), inspectsStreams {
            session.established = false
            finish(session, connection: connection)
        }
        flows[connection.serial] = nil
        alerted[connection.serial] = nil
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

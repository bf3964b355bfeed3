/// The connection columns of a dns.log row, as they were when the
/// transaction started (a later role flip does not move a started record).
struct DNSEndpoints: Hashable, Sendable {
    let reference: ConnectionReference
    let origAddress: IPAddress
    let origPort: UInt16
    let respAddress: IPAddress
    let respPort: UInt16
    let ipProtocol: UInt8

    init(_ view: ConnectionView) {
        reference = view.reference
        origAddress = view.origAddress
        origPort = view.origPort
        respAddress = view.respAddress
        respPort = view.respPort
        ipProtocol = view.ipProtocol
    }

    private init(reference: ConnectionReference, origAddress: IPAddress, origPort: UInt16, respAddress: IPAddress,
                 respPort: UInt16, ipProtocol: UInt8) {
        self.reference = reference
        self.origAddress = origAddress
        self.origPort = origPort
        self.respAddress = respAddress
        self.respPort = respPort
        self.ipProtocol = ipProtocol
    }

    /// The same connection after its roles are flipped.
    var flipped: DNSEndpoints {
        DNSEndpoints(reference: reference, origAddress: respAddress, origPort: respPort, respAddress: origAddress,
                     respPort: origPort, ipProtocol: ipProtocol)
    }
}

/// Every value of a dns.log row but `ts` (Zeek's `DNS::Info`): also the key
/// the osect layout aggregates rows by (LOGS.md §6.5).
struct DNSRecord: Hashable, Sendable {
    var endpoints: DNSEndpoints
    var transactionID: UInt16
    var rtt: Duration?
    var query: [UInt8]?
    var qclass: UInt16?
    var qtype: UInt16?
    var rcode: UInt16?
    var authoritative = false
    var truncated = false
    var recursionDesired = false
    var recursionAvailable = false
    var z: UInt8 = 0
    var answers: [[UInt8]]?
    var ttls: [UInt32]?
    var rejected = false
    var opcode: UInt8?

    init(endpoints: DNSEndpoints, transactionID: UInt16) {
        self.endpoints = endpoints
        self.transactionID = transactionID
    }
}

/// One query/response pair being assembled. A class because Zeek's record is
/// shared: the same transaction is the connection's current one and waits in
/// a pending queue, and what the message's end marks on one shows in the other.
final class DNSTransaction {
    /// When the transaction's first message was seen.
    let time: Timestamp
    /// Where that message was in the capture: the osect rows' tie-break.
    let position: CapturePosition
    var record: DNSRecord
    var sawQuery = false
    var sawReply = false

    init(time: Timestamp, position: CapturePosition, endpoints: DNSEndpoints, transactionID: UInt16) {
        self.time = time
        self.position = position
        record = DNSRecord(endpoints: endpoints, transactionID: transactionID)
    }

    /// Zeek's `dns_request`: the question's fields and the query's flags.
    func applyQuestion(_ question: DNSQuestion, header: DNSHeader) {
        record.recursionDesired = header.recursionDesired
        record.truncated = header.truncated
        record.qclass = question.qclass
        record.qtype = question.type
        record.z = header.z
        let onNameService = record.endpoints.respPort == DNSNetBIOS.port && record.endpoints.ipProtocol == 17
        record.query = onNameService ? DNSNetBIOS.decodedName(question.name) ?? question.name : question.name
    }

    /// Zeek's `DNS::do_reply`: the answer's owner names the query if nothing
    /// did, the first answer gives the rtt, and its text joins `answers`.
    func applyAnswer(_ answer: DNSAnswer, header: DNSHeader, at now: Timestamp) {
        if record.query == nil { record.query = answer.owner }
        record.authoritative = header.authoritative
        record.recursionAvailable = header.recursionAvailable
        if record.rtt == nil {
            let rtt = now.interval(since: time)
            // Zero means only a reply was seen: the rtt stays unset.
            record.rtt = rtt == .zero ? nil : rtt
        }
        guard !answer.reply.isEmpty else { return }
        if record.answers == nil {
            record.answers = []
            record.ttls = []
        }
        record.answers?.append(answer.reply)
        record.ttls?.append(answer.ttl)
    }
}

extension DNSTransaction {
    /// A transaction waiting for its other half when the slice ends. Its
    /// endpoints are stored relative to the connection, which the next slice
    /// knows by another reference.
    func carry(into writer: inout StateWriter, connection: ConnectionView) {
        writer.put(time)
        writer.put(sawQuery)
        writer.put(sawReply)
        let r = record
        writer.put(r.endpoints.origAddress != connection.origAddress || r.endpoints.origPort != connection.origPort)
        writer.put(r.transactionID)
        writer.put(r.rtt != nil)
        writer.put(r.rtt?.nanoseconds ?? 0)
        writer.put(r.query != nil)
        writer.put(r.query ?? [])
        for value in [r.qclass, r.qtype, r.rcode] {
            writer.put(value != nil)
            writer.put(value ?? 0)
        }
        for flag in [r.authoritative, r.truncated, r.recursionDesired, r.recursionAvailable, r.rejected] {
            writer.put(flag)
        }
        writer.put(r.z)
        writer.put(r.answers != nil)
        writer.put(UInt32(r.answers?.count ?? 0))
        for answer in r.answers ?? [] { writer.put(answer) }
        writer.put(r.ttls != nil)
        writer.put(UInt32(r.ttls?.count ?? 0))
        for ttl in r.ttls ?? [] { writer.put(ttl) }
        writer.put(r.opcode != nil)
        writer.put(r.opcode ?? 0)
    }

    /// A carried transaction; it sorts before everything of the new slice.
    convenience init(carriedFrom reader: inout StateReader, connection: ConnectionView) throws {
        let time = try reader.timestamp()
        let sawQuery = try reader.bool(), sawReply = try reader.bool()
        let endpoints = try reader.bool() ? DNSEndpoints(connection).flipped : DNSEndpoints(connection)
        self.init(time: time, position: .start, endpoints: endpoints, transactionID: try reader.uint16())
        self.sawQuery = sawQuery
        self.sawReply = sawReply
        let hasRTT = try reader.bool(), rtt = try reader.int64()
        record.rtt = hasRTT ? Duration(nanoseconds: rtt) : nil
        let hasQuery = try reader.bool(), query = try reader.byteString()
        record.query = hasQuery ? query : nil
        var optionals: [UInt16?] = []
        for _ in 0..<3 {
            let present = try reader.bool(), value = try reader.uint16()
            optionals.append(present ? value : nil)
        }
        (record.qclass, record.qtype, record.rcode) = (optionals[0], optionals[1], optionals[2])
        record.authoritative = try reader.bool()
        record.truncated = try reader.bool()
        record.recursionDesired = try reader.bool()
        record.recursionAvailable = try reader.bool()
        record.rejected = try reader.bool()
        record.z = try reader.uint8()
        let hasAnswers = try reader.bool()
        let answers = try (0..<reader.count()).map { _ in try reader.byteString() }
        record.answers = hasAnswers ? answers : nil
        let hasTTLs = try reader.bool()
        let ttls = try (0..<reader.count()).map { _ in try reader.uint32() }
        record.ttls = hasTTLs ? ttls : nil
        let hasOpcode = try reader.bool(), opcode = try reader.uint8()
        record.opcode = hasOpcode ? opcode : nil
    }
}

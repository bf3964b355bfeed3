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

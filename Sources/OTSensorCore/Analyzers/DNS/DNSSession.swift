/// One connection's DNS state: Zeek's `DNS::State` (the transactions waiting
/// for their other half) and the length framing of DNS over TCP.
///
/// `apply` follows Zeek's events for one message in their order —
/// `dns_message` (pairing, `set_session`), `dns_request` or `dns_rejected` per
/// question, `do_reply` per answer, `dns_end` — and hands every transaction
/// that is complete, or given up on, to `write`.
final class DNSSession {
    let dialect: DNSDialect
    private var isFirstMessage = true
    /// After a protocol violation Zeek detaches the analyzer from the connection.
    private(set) var isDisabled = false
    /// Zeek keeps the first unpaired query out of the queues, for speed; it
    /// decides which query a response pairs with, so it is kept here too.
    private var pendingQuery: DNSTransaction?
    private var pendingQueries = DNSPendingMessages()
    private var pendingReplies = DNSPendingMessages()
    private var origFramer = DNSStreamFramer()
    private var respFramer = DNSStreamFramer()

    init(dialect: DNSDialect) { self.dialect = dialect }

    /// Passes every message one direction's TCP chunk completes to `deliver`.
    func consume(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, deliver: (UnsafeRawBufferPointer) -> Void) {
        // The framer is taken out while it runs: `deliver` may use the session,
        // and a framer left in place would share its buffer with the copy.
        var framer = DNSStreamFramer()
        if isOrig { swap(&framer, &origFramer) } else { swap(&framer, &respFramer) }
        framer.consume(bytes, deliver: deliver)
        if isOrig { swap(&framer, &origFramer) } else { swap(&framer, &respFramer) }
    }

    /// The roles were flipped: each direction's stream now belongs to the other side.
    func flipStreams() { swap(&origFramer, &respFramer) }

    /// Bytes of one direction were lost: its message in progress is dropped.
    /// Returns whether there was one.
    func gap(isOrig: Bool) -> Bool {
        let hadPartial = isOrig ? origFramer.hasPartialMessage : respFramer.hasPartialMessage
        if isOrig { origFramer.reset() } else { respFramer.reset() }
        return hadPartial
    }

    /// What each direction's stream ended inside, originator first.
    func takePartialMessages() -> [[UInt8]] {
        [origFramer.takePartialMessage(), respFramer.takePartialMessage()].compactMap { $0 }
    }

    /// Applies one parsed message sent by the originator (`isOrig`) or the
    /// responder (`nil` when unknown, a partial TCP message at the end).
    /// Returns whether the connection's roles must be flipped: Zeek flips them
    /// when the first message is a response from the originator, unless the
    /// responder is a multicast group.
    func apply(_ message: DNSMessage, isOrig: Bool?, endpoints: DNSEndpoints, at now: Timestamp,
               position: CapturePosition, write: (DNSTransaction) -> Void) -> Bool {
        let header = message.header
        var endpoints = endpoints
        var flips = false
        if isFirstMessage && header.isResponse && isOrig == true && !endpoints.respAddress.isMulticast {
            endpoints = endpoints.flipped
            flips = true
        }
        isFirstMessage = false
        if message.isProtocolViolation { isDisabled = true }
        guard dialect.tracks(opcode: header.opcode) else { return flips }

        let transaction = startOrPair(header, endpoints: endpoints, at: now, position: position, write: write)
        if header.isResponse {
            transaction.record.rcode = header.rcode
            if header.rcode != 0 && header.questionCount == 0 { transaction.record.rejected = true }
        }
        transaction.record.opcode = header.opcode

        for question in message.questions {
            if !header.isResponse {
                transaction.applyQuestion(question, header: header)
            } else if header.hasNoRecords {
                transaction.record.rejected = true
            }
        }
        if header.isResponse {
            for answer in message.answers { transaction.applyAnswer(answer, header: header, at: now) }
        }
        guard message.ends else { return flips }
        if header.isResponse { transaction.sawReply = true } else { transaction.sawQuery = true }
        if transaction.sawQuery && transaction.sawReply {
            write(transaction)
        }
        return flips
    }

    /// The connection is gone: every transaction still waiting is written
    /// (Zeek's `finalize_dns`).
    func finish(write: (DNSTransaction) -> Void) {
        if let pendingQuery { write(pendingQuery) }
        pendingQuery = nil
        pendingQueries.abandonAll(write)
        pendingReplies.abandonAll(write)
    }

    /// Zeek's `set_session`: the transaction this message belongs to.
    private func startOrPair(_ header: DNSHeader, endpoints: DNSEndpoints, at now: Timestamp,
                             position: CapturePosition, write: (DNSTransaction) -> Void) -> DNSTransaction {
        let id = header.id
        if dialect == .zeek9 && endpoints.respAddress.isMulticast {
            // Answers to a group come back on other connections: nothing to pair.
            let transaction = DNSTransaction(time: now, position: position, endpoints: endpoints, transactionID: id)
            transaction.sawQuery = true
            transaction.sawReply = true
            return transaction
        }
        if !header.isResponse {
            if let reply = pendingReplies.pop(id) { return reply }
            let transaction = DNSTransaction(time: now, position: position, endpoints: endpoints, transactionID: id)
            if pendingQuery == nil {
                pendingQuery = transaction
            } else {
                pendingQueries.enqueue(transaction, id: id, abandon: write)
            }
            return transaction
        }
        if let query = pendingQuery, query.record.transactionID == id {
            // Refill the fast slot so that queued queries keep their order.
            pendingQuery = pendingQueries.pop(id) ?? pendingQueries.popAny()
            return query
        }
        if let query = pendingQueries.pop(id) { return query }
        let transaction = DNSTransaction(time: now, position: position, endpoints: endpoints, transactionID: id)
        pendingReplies.enqueue(transaction, id: id, abandon: write)
        return transaction
    }
}

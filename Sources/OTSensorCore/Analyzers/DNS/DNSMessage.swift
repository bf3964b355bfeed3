/// A question as Zeek's `dns_request` reports it: the name lower-cased.
struct DNSQuestion: Hashable, Sendable {
    var name: [UInt8]
    var type: UInt16
    var qclass: UInt16
}

/// What one DNS message contributes to dns.log, read as Zeek's
/// `DNS_Interpreter::ParseMessage` reads it.
///
/// Zeek raises its events while it reads, so a record that breaks the message
/// does not undo the questions and answers before it: `questions` and
/// `answers` hold what was read, and `failure` says why reading stopped early.
/// The authority and additional sections are not read: nothing in dns.log
/// comes from them.
struct DNSMessage: Sendable {
    /// Zeek's `dns_max_queries`: more questions than this is not DNS.
    static let maximumQuestions = 25

    var header: DNSHeader
    /// How NetBIOS name service reads the message (its ports).
    let netBIOS: DNSNetBIOS
    var questions: [DNSQuestion] = []
    /// The answer section's records (an UPDATE's prerequisites and updates) Zeek's script reports.
    var answers: [DNSAnswer] = []
    var failure: DNSParseError?
    /// Whether the questions and answers were read to the end: Zeek's
    /// `AnalyzerConfirmation`, conn.log's `dns` service.
    var confirmsProtocol = false
    /// Whether Zeek's `dns_end` follows, which completes a transaction: every
    /// message but an UPDATE whose zone is not an SOA.
    var ends = true

    /// Reads a whole message, the names of its records cased as `recordLetters`
    /// says (questions are always lower-cased); throws when Zeek would not look
    /// past its header (too short, or an opcode it does not parse).
    init(parsing bytes: UnsafeRawBufferPointer, recordLetters: DNSNameCase = .lowered,
         netBIOS: DNSNetBIOS = .none) throws(DNSParseError) {
        var cursor = ByteCursor(bytes)
        guard let header = DNSHeader(&cursor) else { throw .truncatedHeader }
        guard netBIOS.isNetBIOS || header.opcode == DNSHeader.queryOpcode || header.opcode == DNSHeader.notifyOpcode
            || header.opcode == DNSHeader.updateOpcode else { throw .unsupportedOpcode }
        self.netBIOS = netBIOS
        self.header = header
        guard header.questionCount <= Self.maximumQuestions else {
            failure = .tooManyQuestions
            return
        }
        do {
            if header.isDynamicUpdate && !netBIOS.isNetBIOS {
                try readUpdate(&cursor, recordLetters: recordLetters)
            } else {
                try readQuery(&cursor, recordLetters: recordLetters)
            }
        } catch {
            failure = error
        }
    }

    /// Whether the message makes Zeek give up on the connection (`AnalyzerViolation`).
    var isProtocolViolation: Bool { failure == .tooManyQuestions }

    private mutating func readQuery(_ cursor: inout ByteCursor, recordLetters: DNSNameCase) throws(DNSParseError) {
        for _ in 0..<header.questionCount {
            let name = try DNSNameDecoder.read(&cursor)
            guard let type = cursor.readUInt16BE(), let qclass = cursor.readUInt16BE() else {
                throw .questionTruncated
            }
            questions.append(DNSQuestion(name: name, type: type, qclass: qclass))
        }
        let reader = DNSRecordReader(isDynamicUpdate: false, zoneClass: 0, letters: recordLetters,
                                     readsNodeStatus: netBIOS.isNameService)
        for _ in 0..<header.answerCount { try reader.read(&cursor, section: .answer, into: &answers) }
        confirmsProtocol = true
    }

    /// An UPDATE (RFC 2136 §2): one zone, then prerequisites and updates in the
    /// places of the answer and authority sections.
    private mutating func readUpdate(_ cursor: inout ByteCursor, recordLetters: DNSNameCase) throws(DNSParseError) {
        guard header.questionCount == 1 else { throw .badUpdateZone }
        _ = try DNSNameDecoder.read(&cursor)
        guard let type = cursor.readUInt16BE(), let zoneClass = cursor.readUInt16BE() else {
            throw .recordTruncated
        }
        guard type == 6 else {
            ends = false
            throw .badUpdateZone
        }
        let reader = DNSRecordReader(isDynamicUpdate: true, zoneClass: zoneClass, letters: recordLetters)
        for _ in 0..<header.answerCount { try reader.read(&cursor, section: .prerequisite, into: &answers) }
        for _ in 0..<header.authorityCount { try reader.read(&cursor, section: .update, into: &answers) }
        confirmsProtocol = true
    }
}

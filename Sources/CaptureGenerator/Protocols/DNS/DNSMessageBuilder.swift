/// DNS messages (RFC 1035 §4) assembled field by field, for dns.log tests:
/// every byte is what the caller asked for, so a test can reason about the
/// wire and also build what no resolver would send (loops, short records).
public struct DNSMessageBuilder: Sendable {
    public var id: UInt16
    /// QR, opcode, AA, TC, RD, RA, Z and RCODE as one 16-bit word.
    public var flags: UInt16
    /// Counts written in the header; nil writes the number of entries given.
    public var questionCount: UInt16?
    public var answerCount: UInt16?
    public var authorityCount: UInt16 = 0
    public var additionalCount: UInt16 = 0
    private var questionBytes: [UInt8] = []
    private var questions: UInt16 = 0
    private var answerBytes: [UInt8] = []
    private var answers: UInt16 = 0

    /// A standard query with RD set.
    public static func query(id: UInt16) -> DNSMessageBuilder { DNSMessageBuilder(id: id, flags: 0x0100) }

    /// A standard response with RD and RA set and `rcode`.
    public static func response(id: UInt16, rcode: UInt16 = 0) -> DNSMessageBuilder {
        DNSMessageBuilder(id: id, flags: 0x8180 | rcode & 0xF)
    }

    public init(id: UInt16, flags: UInt16) {
        self.id = id
        self.flags = flags
    }

    /// `name` as labels (split at dots) ending in the root label.
    public static func encode(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        for label in name.split(separator: ".") { out += [UInt8(label.utf8.count)] + Array(label.utf8) }
        return out + [0]
    }

    /// A compression pointer to `offset` from the start of the message.
    public static func pointer(to offset: Int) -> [UInt8] {
        [0xC0 | UInt8(offset >> 8 & 0x3F), UInt8(offset & 0xFF)]
    }

    /// The offset of the first question's name: right after the header.
    public static let firstQuestionOffset = 12

    /// Adds a question whose name is given already encoded.
    public mutating func question(encodedName: [UInt8], type: UInt16, qclass: UInt16 = 1) {
        questionBytes += encodedName
        questionBytes.appendBE(type)
        questionBytes.appendBE(qclass)
        questions += 1
    }

    public mutating func question(_ name: String, type: UInt16, qclass: UInt16 = 1) {
        question(encodedName: Self.encode(name), type: type, qclass: qclass)
    }

    /// Adds an answer-section record; RDLENGTH is `data`'s length unless given.
    public mutating func answer(encodedName: [UInt8], type: UInt16, rrClass: UInt16 = 1, ttl: UInt32,
                                data: [UInt8], rdLength: UInt16? = nil) {
        answerBytes += encodedName
        answerBytes.appendBE(type)
        answerBytes.appendBE(rrClass)
        answerBytes.appendBE(ttl)
        answerBytes.appendBE(rdLength ?? UInt16(data.count))
        answerBytes += data
        answers += 1
    }

    /// Adds bytes after the records as they are (a truncated or garbage tail).
    public mutating func appendRaw(_ bytes: [UInt8]) { answerBytes += bytes }

    /// The offset the next answer record will start at.
    public var nextAnswerOffset: Int { 12 + questionBytes.count + answerBytes.count }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for field in [id, flags, questionCount ?? questions, answerCount ?? answers, authorityCount, additionalCount] {
            out.appendBE(field)
        }
        return out + questionBytes + answerBytes
    }

    /// The message behind DNS over TCP's 16-bit length.
    public var tcpFramed: [UInt8] {
        let message = bytes
        var out: [UInt8] = []
        out.appendBE(UInt16(message.count))
        return out + message
    }
}

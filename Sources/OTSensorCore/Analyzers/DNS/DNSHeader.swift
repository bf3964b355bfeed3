/// The fixed 12-byte header every DNS message starts with (RFC 1035 §4.1.1),
/// flag bits split out as Zeek's `dns_msg` record holds them.
struct DNSHeader: Equatable, Sendable {
    static let length = 12
    static let queryOpcode: UInt8 = 0
    static let notifyOpcode: UInt8 = 4
    static let updateOpcode: UInt8 = 5

    var id: UInt16
    var isResponse: Bool
    var opcode: UInt8
    var authoritative: Bool
    var truncated: Bool
    var recursionDesired: Bool
    var recursionAvailable: Bool
    /// The three bits after RA (Z, AD, CD together), as Zeek's `Z`.
    var z: UInt8
    var rcode: UInt16
    /// QDCOUNT, or ZOCOUNT in an UPDATE.
    var questionCount: Int
    /// ANCOUNT, or PRCOUNT (prerequisites) in an UPDATE.
    var answerCount: Int
    /// NSCOUNT, or UPCOUNT (updates) in an UPDATE.
    var authorityCount: Int
    var additionalCount: Int

    /// Reads the header; `nil` when the message is shorter than a header.
    init?(_ cursor: inout ByteCursor) {
        guard cursor.remaining >= Self.length,
              let id = cursor.readUInt16BE(), let flags = cursor.readUInt16BE(),
              let questions = cursor.readUInt16BE(), let answers = cursor.readUInt16BE(),
              let authority = cursor.readUInt16BE(), let additional = cursor.readUInt16BE() else { return nil }
        self.id = id
        isResponse = flags & 0x8000 != 0
        opcode = UInt8((flags & 0x7800) >> 11)
        authoritative = flags & 0x0400 != 0
        truncated = flags & 0x0200 != 0
        recursionDesired = flags & 0x0100 != 0
        recursionAvailable = flags & 0x0080 != 0
        z = UInt8((flags & 0x0070) >> 4)
        rcode = flags & 0x000F
        questionCount = Int(questions)
        answerCount = Int(answers)
        authorityCount = Int(authority)
        additionalCount = Int(additional)
    }

    /// A dynamic update (RFC 2136) lays its sections out differently.
    var isDynamicUpdate: Bool { opcode == Self.updateOpcode }

    /// A response that carries no resource records at all: Zeek's `dns_rejected`
    /// for each of its questions.
    var hasNoRecords: Bool { answerCount == 0 && authorityCount == 0 && additionalCount == 0 }
}

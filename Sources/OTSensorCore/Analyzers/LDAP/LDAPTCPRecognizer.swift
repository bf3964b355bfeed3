/// LDAP over TCP: each direction's first message, which may span segments,
/// decides. The messages go on being framed for what Zeek's LDAP analyzer
/// hands to other analyzers (ldap.spicy, ldap_zeek.spicy): a StartTLS
/// extended request answered with success switches the connection to TLS,
/// whose handshake adds "ssl"; an NTLM message in a SASL bind (mechanism
/// NTLM, or GSS-SPNEGO carrying NTLMSSP directly) confirms Zeek's NTLM
/// analyzer, "ntlm". Framing that is not LDAP (SASL-wrapped traffic) ends
/// the following, never with a violation.
public struct LDAPTCPRecognizer: ServiceRecognizer {
    public static let service = "ldap_tcp"

    private var orig = LDAPStream()
    private var resp = LDAPStream()
    private var confirmed = false
    private var origMessages = LDAPMessageReader()
    private var respMessages = LDAPMessageReader()
    private var startTLSRequested = false
    private var inTLS = false
    private var tls = InnerTLS()
    private var ntlm = false

    public init() {}

    public var innerServices: [String] { (ntlm ? ["ntlm"] : []) + tls.services }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        if inTLS {
            tls.feed(bytes, isOrig: isOrig)
            return confirmed ? .confirmed : .undecided
        }
        follow(bytes, isOrig: isOrig)
        guard !confirmed else { return .confirmed }
        let verdict = isOrig ? orig.feed(bytes) : resp.feed(bytes)
        confirmed = verdict == .confirmed
        return verdict
    }

    private mutating func follow(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) {
        var findings: [LDAPFinding] = []
        if isOrig {
            origMessages.read(bytes) { if let found = LDAPFinding(opening: $0) { findings.append(found) } }
        } else {
            respMessages.read(bytes) { if let found = LDAPFinding(opening: $0) { findings.append(found) } }
        }
        for finding in findings {
            switch finding {
            case .startTLSRequest: startTLSRequested = isOrig || startTLSRequested
            case .extendedResponse(let success): inTLS = inTLS || (!isOrig && success && startTLSRequested)
            case .ntlmBind: ntlm = true
            }
        }
    }
}

/// What Zeek's LDAP analyzer acts on in a message's opening bytes.
enum LDAPFinding: Equatable {
    case startTLSRequest
    case extendedResponse(success: Bool)
    case ntlmBind

    static let startTLS = Array("1.3.6.1.4.1.1466.20037".utf8)

    init?(opening message: UnsafeRawBufferPointer) {
        var cursor = ByteCursor(message)
        guard LDAPMessageFraming.readHeader(&cursor) != nil, let id = LDAPMessageFraming.readHeader(&cursor),
              cursor.skip(Int(clamping: id.length)), let operation = LDAPMessageFraming.readHeader(&cursor) else {
            return nil
        }
        switch operation.tag {
        case 0x77:
            guard let name = Self.element(&cursor, tag: 0x80), name.elementsEqual(Self.startTLS) else { return nil }
            self = .startTLSRequest
        case 0x78:
            guard let code = Self.element(&cursor, tag: 0x0A) else { return nil }
            self = .extendedResponse(success: !code.isEmpty && code.allSatisfy { $0 == 0 })
        case 0x60:
            guard Self.element(&cursor, tag: 0x02) != nil, Self.element(&cursor, tag: 0x04) != nil,
                  let sasl = LDAPMessageFraming.readHeader(&cursor), sasl.tag == 0xA3,
                  let mechanism = Self.element(&cursor, tag: 0x04) else { return nil }
            let credentials = Self.element(&cursor, tag: 0x04, partial: true)
                ?? UnsafeRawBufferPointer(start: nil, count: 0)
            let named = mechanism.elementsEqual("NTLM".utf8) || mechanism.elementsEqual("GSS-SPNEGO".utf8)
            guard named, NTLMMessage.isWellFormedStart(credentials) else { return nil }
            self = .ntlmBind
        default:
            return nil
        }
    }

    /// The value of the next element if it has `tag`; `partial` accepts a
    /// value cut by the end of the opening bytes.
    private static func element(_ cursor: inout ByteCursor, tag: UInt8,
                                partial: Bool = false) -> UnsafeRawBufferPointer? {
        guard let header = LDAPMessageFraming.readHeader(&cursor), header.tag == tag else { return nil }
        let length = Int(clamping: header.length)
        if let value = cursor.readBytes(length) { return value }
        return partial ? cursor.readBytes(cursor.remaining) : nil
    }
}

/// The start of an NTLMSSP message (MS-NLMP §2.2): the signature and a
/// message type Zeek's NTLM analyzer parses (negotiate, challenge, authenticate).
enum NTLMMessage {
    static let signature = Array("NTLMSSP\u{0}".utf8)

    static func isWellFormedStart(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 12, bytes.prefix(8).elementsEqual(signature) else { return false }
        return (1...3).contains(bytes[8]) && bytes[9] == 0 && bytes[10] == 0 && bytes[11] == 0
    }
}

/// Successive LDAPMessages of one direction, each handed over by its opening
/// bytes (enough for a bind's mechanism and credentials' start, or an
/// extended operation's name and result) while the rest is only counted.
struct LDAPMessageReader: Sendable {
    static let openingLength = 512

    private var head = RecognizerBuffer(capacity: LDAPMessageReader.openingLength)
    private var skipping = 0
    private var stopped = false

    mutating func read(_ bytes: UnsafeRawBufferPointer, opening: (UnsafeRawBufferPointer) -> Void) {
        var offset = 0
        while !stopped {
            if skipping > 0 {
                let take = min(skipping, bytes.count - offset)
                skipping -= take
                offset += take
                if skipping > 0 { return }
            }
            if offset < bytes.count && head.count < Self.openingLength {
                let take = min(Self.openingLength - head.count, bytes.count - offset)
                head.append(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
                offset += take
            }
            guard !head.isEmpty else { return }
            switch head.withBytes(LDAPMessageFraming.header) {
            case .incomplete:
                if offset >= bytes.count { return }
            case .invalid:
                stopped = true
            case .message(let total):
                let wanted = min(total, Self.openingLength)
                guard head.count >= wanted else {
                    if offset >= bytes.count { return }
                    continue
                }
                head.withBytes { opening(UnsafeRawBufferPointer(rebasing: $0.prefix(wanted))) }
                if total <= head.count {
                    head.removeFirst(total)
                } else {
                    skipping = total - head.count
                    head.removeAll()
                }
            }
        }
    }
}

/// Recognises LDAP as Zeek's LDAP analyzers do: over TCP (conn.log `service`
/// "ldap_tcp") and over UDP, CLDAP (`service` "ldap_udp").
///
/// Zeek confirms when it has parsed one whole LDAPMessage (RFC 4511 §4.1.1)
/// in either direction (ldap.spicy, `Message::%done`), and violates when the
/// BER framing is not an LDAPMessage: no SEQUENCE, no INTEGER messageID, a
/// protocolOp that is not an APPLICATION tag of a known operation, or an
/// operation longer than its message. A datagram holds whole messages, so an
/// unfinished one violates over UDP.
///
/// Over TCP only the headers are buffered; the rest of a message is counted.
/// After the first message the TCP recogniser judges nothing more (see
/// `LDAPTCPRecognizer` for what it still follows).
struct LDAPMessageFraming: Sendable {
    /// SEQUENCE, messageID and protocolOp headers fit in this many bytes.
    static let headerCapacity = 64

    /// The operations of `ProtocolOpcode` that the message switch handles.
    static let operations: Set<UInt8> = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 23, 24, 25]

    enum Header: Equatable {
        case incomplete
        case invalid(String)
        /// The whole message's length, headers included.
        case message(totalLength: Int)
    }

    /// Reads the headers at the start of `bytes`.
    static func header(_ bytes: UnsafeRawBufferPointer) -> Header {
        var cursor = ByteCursor(bytes)
        guard let sequence = readHeader(&cursor) else { return incompleteOrInvalid(bytes) }
        guard sequence.tag & 0xC0 == 0x00, sequence.tag & 0x1F == 0x10 else { return .invalid("ldap.not_a_sequence") }
        let sequenceHeaderLength = cursor.offset
        guard let messageID = readHeader(&cursor) else { return incompleteOrInvalid(bytes) }
        guard messageID.tag & 0xC0 == 0x00, messageID.tag & 0x1F == 0x02 else { return .invalid("ldap.no_message_id") }
        guard messageID.length <= UInt64(headerCapacity) else { return .invalid("ldap.message_id_too_long") }
        guard cursor.skip(Int(messageID.length)), let operation = readHeader(&cursor) else {
            return incompleteOrInvalid(bytes)
        }
        guard operation.tag & 0xC0 == 0x40 else { return .invalid("ldap.no_protocol_op") }
        guard operations.contains(operation.tag & 0x1F) else { return .invalid("ldap.unknown_operation") }
        let headersInside = UInt64(cursor.offset - sequenceHeaderLength)
        guard sequence.length < UInt64(Int.max / 2), operation.length <= sequence.length,
              headersInside + operation.length <= sequence.length else {
            return .invalid("ldap.operation_past_message")
        }
        return .message(totalLength: sequenceHeaderLength + Int(sequence.length))
    }

    /// Headers that run out are incomplete, unless the buffer is already as
    /// long as headers can be.
    private static func incompleteOrInvalid(_ bytes: UnsafeRawBufferPointer) -> Header {
        bytes.count >= headerCapacity ? .invalid("ldap.header_too_long") : .incomplete
    }

    /// A BER identifier octet and length (asn1.spicy: one-byte tags, short or
    /// long definite lengths).
    static func readHeader(_ cursor: inout ByteCursor) -> (tag: UInt8, length: UInt64)? {
        guard let tag = cursor.readUInt8(), let first = cursor.readUInt8() else { return nil }
        guard first & 0x80 != 0 else { return (tag, UInt64(first)) }
        let count = Int(first & 0x7F)
        guard count <= 8 else { return (tag, UInt64.max) }
        var length: UInt64 = 0
        for _ in 0..<count {
            guard let byte = cursor.readUInt8() else { return nil }
            length = length << 8 | UInt64(byte)
        }
        return (tag, length)
    }
}

/// One direction of LDAP over TCP, up to the end of its first message.
struct LDAPStream: Sendable {
    private var header = RecognizerBuffer(capacity: LDAPMessageFraming.headerCapacity)
    /// Bytes of the first message still to come, once its headers are read.
    private var remaining: Int?

    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> RecognizerVerdict {
        if let remaining {
            return count(bytes.count, against: remaining)
        }
        let before = header.count
        header.append(bytes)
        switch header.withBytes(LDAPMessageFraming.header) {
        case .incomplete:
            return .undecided
        case .invalid(let reason):
            return .violated(reason: reason)
        case .message(let totalLength):
            return count(before + bytes.count, against: totalLength)
        }
    }

    private mutating func count(_ arrived: Int, against needed: Int) -> RecognizerVerdict {
        guard arrived < needed else { return .confirmed }
        remaining = needed - arrived
        return .undecided
    }
}

/// CLDAP (RFC 1798): each datagram holds whole messages.
public struct LDAPUDPRecognizer: ServiceRecognizer {
    public static let service = "ldap_udp"

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        guard !bytes.isEmpty else { return .undecided }
        switch LDAPMessageFraming.header(bytes) {
        case .incomplete:
            return .violated(reason: "ldap.truncated_message")
        case .invalid(let reason):
            return .violated(reason: reason)
        case .message(let totalLength):
            return totalLength <= bytes.count ? .confirmed : .violated(reason: "ldap.truncated_message")
        }
    }
}

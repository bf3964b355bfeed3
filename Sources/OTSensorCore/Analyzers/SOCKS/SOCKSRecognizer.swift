/// Recognises SOCKS as Zeek's SOCKS analyzer does (conn.log `service` "socks").
///
/// Zeek's grammar (socks-protocol.pac) reads each delivery as one message,
/// so a message split across segments fails to parse, as it does in Zeek.
/// It confirms on the server's reply to the connect request: SOCKS 4 (a
/// version byte of 4, then RFC-less SOCKS 4's reply fields) or SOCKS 5 (RFC
/// 1928 §6, after the method negotiation and any username/password
/// exchange). It violates on a version other than 4 or 5, on a SOCKS 5
/// request with a non-zero reserved byte or an unknown command, on an address
/// type other than IPv4, domain name or IPv6, and on a message too short for
/// its fields.
///
/// A real SOCKS 4 server answers with version byte 0, which Zeek's grammar
/// reads as an unknown version: Zeek violates there, and so does this.
public struct SOCKSRecognizer: ServiceRecognizer {
    public static let service = "socks"

    private var inAuthSubnegotiation = false
    private var pastAuthentication = false
    private var authMethod: UInt8 = 0xFF
    /// After the reply the connection carries the proxied protocol, which
    /// Zeek hands to other analyzers: nothing more is judged.
    private var confirmed = false

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        guard !confirmed else { return .confirmed }
        let verdict = message(bytes, isOrig: isOrig)
        confirmed = verdict == .confirmed
        return verdict
    }

    private mutating func message(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        guard !bytes.isEmpty else { return .undecided }
        var cursor = ByteCursor(bytes)
        if inAuthSubnegotiation {
            return authMessage(&cursor, isOrig: isOrig)
        }
        switch cursor.readUInt8() {
        case 4:
            return isOrig ? socks4Request(&cursor) : socks4Reply(&cursor)
        case 5:
            if !pastAuthentication { return methodNegotiation(&cursor, isOrig: isOrig) }
            return socks5Message(&cursor, isOrig: isOrig)
        default:
            return .violated(reason: "socks.unknown_version")
        }
    }

    private func socks4Request(_ cursor: inout ByteCursor) -> RecognizerVerdict {
        guard cursor.skip(3), let address = cursor.readUInt32BE(),
              Self.skipNulTerminated(&cursor) else { return .violated(reason: "socks.truncated_request") }
        if address <= 0xFF, !Self.skipNulTerminated(&cursor) { return .violated(reason: "socks.truncated_request") }
        return .undecided
    }

    private func socks4Reply(_ cursor: inout ByteCursor) -> RecognizerVerdict {
        guard cursor.skip(8) else { return .violated(reason: "socks.truncated_reply") }
        return .confirmed
    }

    private mutating func methodNegotiation(_ cursor: inout ByteCursor, isOrig: Bool) -> RecognizerVerdict {
        if isOrig {
            guard let count = cursor.readUInt8(), cursor.skip(Int(count)) else {
                return .violated(reason: "socks.truncated_method_request")
            }
            return .undecided
        }
        guard let method = cursor.readUInt8() else { return .violated(reason: "socks.truncated_method_reply") }
        inAuthSubnegotiation = method != 0 && method != 0xFF
        pastAuthentication = true
        authMethod = method
        return .undecided
    }

    /// RFC 1929 username/password; other methods' messages are not parsed.
    private mutating func authMessage(_ cursor: inout ByteCursor, isOrig: Bool) -> RecognizerVerdict {
        if !isOrig { inAuthSubnegotiation = false }
        guard authMethod == 2, cursor.readUInt8() == 1 else { return .undecided }
        if isOrig {
            guard let userLength = cursor.readUInt8(), cursor.skip(Int(userLength)),
                  let passwordLength = cursor.readUInt8(), cursor.skip(Int(passwordLength)) else {
                return .violated(reason: "socks.truncated_auth_request")
            }
        } else if cursor.readUInt8() == nil {
            return .violated(reason: "socks.truncated_auth_reply")
        }
        return .undecided
    }

    /// RFC 1928 §4 request and §6 reply share a layout.
    private func socks5Message(_ cursor: inout ByteCursor, isOrig: Bool) -> RecognizerVerdict {
        guard let command = cursor.readUInt8(), let reserved = cursor.readUInt8() else {
            return .violated(reason: "socks.truncated_message")
        }
        if isOrig {
            guard reserved == 0 else { return .violated(reason: "socks.reserved_not_zero") }
            guard (1...3).contains(command) else { return .violated(reason: "socks.unknown_command") }
        }
        guard let addressType = cursor.readUInt8() else { return .violated(reason: "socks.truncated_message") }
        switch addressType {
        case 1:
            guard cursor.skip(4) else { return .violated(reason: "socks.truncated_message") }
        case 3:
            guard let length = cursor.readUInt8(), cursor.skip(Int(length)) else {
                return .violated(reason: "socks.truncated_message")
            }
        case 4:
            guard cursor.skip(16) else { return .violated(reason: "socks.truncated_message") }
        default:
            return .violated(reason: "socks.unknown_address_type")
        }
        guard cursor.skip(2) else { return .violated(reason: "socks.truncated_message") }
        return isOrig ? .undecided : .confirmed
    }

    private static func skipNulTerminated(_ cursor: inout ByteCursor) -> Bool {
        while let byte = cursor.readUInt8() {
            if byte == 0 { return true }
        }
        return false
    }
}

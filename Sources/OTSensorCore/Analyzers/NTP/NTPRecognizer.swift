/// Recognises NTP as Zeek's NTP analyzer does (conn.log `service` "ntp"),
/// including its role flip.
///
/// Zeek confirms on every datagram its grammar parses (ntp-protocol.pac,
/// ntp-analyzer.pac `proc_ntp_message`) and violates on one it cannot: modes
/// 1 to 5 need the 48-byte header (RFC 5905 §7.3) and well-formed extension
/// fields (RFC 7822), mode 6 its control header and data (RFC 1305
/// appendix B), mode 7 its private header, data and MAC. Zeek checks neither
/// version nor stratum. On the first message that is a server reply from the
/// originator, or a client request from the responder, Zeek flips the roles.
public struct NTPRecognizer: ServiceRecognizer {
    public static let service = "ntp"

    static let standardLength = 48
    static let clientMode: UInt8 = 3
    static let serverMode: UInt8 = 4

    public private(set) var flipsRoles = false

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        guard let first = bytes.first else { return .undecided }
        let mode = first & 0x07
        guard Self.parses(bytes, mode: mode) else { return .violated(reason: "ntp.malformed_message") }
        if (mode == Self.serverMode && isOrig) || (mode == Self.clientMode && !isOrig) {
            flipsRoles = true
        }
        return .confirmed
    }

    static func parses(_ bytes: UnsafeRawBufferPointer, mode: UInt8) -> Bool {
        var cursor = ByteCursor(bytes, offset: 1)
        switch mode {
        case 1...5:
            guard cursor.skip(standardLength - 1) else { return false }
            return extensionsParse(&cursor)
        case 6:
            guard cursor.skip(9), let count = cursor.readUInt16BE(), cursor.skip(Int(count)) else { return false }
            return cursor.remaining != 12 || cursor.skip(12)
        case 7:
            guard let second = cursor.readUInt8(), cursor.skip(2), let errorAndLength = cursor.readUInt16BE(),
                  cursor.skip(Int(errorAndLength & 0x0FFF)) else { return false }
            return second & 0x80 == 0 || cursor.skip(20)
        default:
            return true
        }
    }

    /// Extension fields while more than a MAC's 24 bytes remain, each with
    /// the grammar's `&enforce` checks.
    static func extensionsParse(_ cursor: inout ByteCursor) -> Bool {
        while cursor.remaining > 24 {
            let start = cursor.offset
            guard cursor.skip(2), let length = cursor.readUInt16BE(), length >= 16, cursor.skip(10),
                  let valueLength = cursor.readUInt32BE(), length >= 18, valueLength <= UInt32(length - 18),
                  cursor.skip(Int(valueLength)),
                  let signatureLength = cursor.readUInt32BE(), length >= 22, valueLength <= UInt32(length - 22),
                  cursor.skip(Int(signatureLength)) else { return false }
            let used = cursor.offset - start
            guard used <= Int(length), cursor.skip(Int(length) - used) else { return false }
        }
        return true
    }
}

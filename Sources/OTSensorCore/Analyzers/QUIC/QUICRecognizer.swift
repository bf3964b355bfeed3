/// Recognises QUIC as Zeek's QUIC analyzer does (conn.log `service` "quic").
///
/// Zeek parses each datagram's coalesced packets (QUIC.spicy). A long-header
/// packet whose version it does not know (RFC 9000 v1, RFC 9369 v2, drafts
/// 22 to 34, the mvfst versions) is a violation, and so is a long-header
/// packet that runs past its datagram or an Initial whose length leaves no
/// room for the header-protection sample. Packets without the fixed bit and
/// short-header packets are skipped. Zeek confirms once it has decrypted a
/// client Initial; this recogniser confirms on a client Initial that parses,
/// without decrypting it.
public struct QUICRecognizer: ServiceRecognizer {
    public static let service = "quic"

    static let version1: UInt32 = 0x0000_0001
    static let version2: UInt32 = 0x6B33_43CF

    static func isKnown(_ version: UInt32) -> Bool {
        switch version {
        case version1, version2, 0xFF00_0016...0xFF00_0022, 0xFACE_B001, 0xFACE_B002, 0xFACE_B00E,
             0xFACE_B011, 0xFACE_B012, 0xFACE_B013:
            return true
        default:
            return false
        }
    }

    enum PacketType { case initial, zeroRTT, handshake, retry }

    /// RFC 9000 §17.2 and RFC 9369 §3.2 number the long-header types differently.
    static func packetType(firstByte: UInt8, version: UInt32) -> PacketType {
        let bits = (firstByte >> 4) & 0x03
        switch (version == version2, bits) {
        case (false, 0), (true, 1): return .initial
        case (false, 1), (true, 2): return .zeroRTT
        case (false, 2), (true, 3): return .handshake
        default: return .retry
        }
    }

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        var cursor = ByteCursor(bytes)
        var verdict = RecognizerVerdict.undecided
        while let first = cursor.readUInt8() {
            guard first & 0x40 != 0, first & 0x80 != 0 else { return verdict }
            guard let version = cursor.readUInt32BE(),
                  let destinationLength = cursor.readUInt8(), cursor.skip(Int(destinationLength)),
                  let sourceLength = cursor.readUInt8(), cursor.skip(Int(sourceLength)) else {
                return .violated(reason: "quic.truncated_long_header")
            }
            guard Self.isKnown(version) else { return .violated(reason: "quic.unhandled_version") }
            switch Self.packetType(firstByte: first, version: version) {
            case .retry:
                return verdict
            case .initial:
                guard let tokenLength = Self.readVarInt(&cursor), cursor.skip(Int(clamping: tokenLength)),
                      let length = Self.readVarInt(&cursor) else {
                    return .violated(reason: "quic.truncated_initial")
                }
                guard length >= 20 else { return .violated(reason: "quic.initial_too_short") }
                guard cursor.skip(Int(clamping: length)) else { return .violated(reason: "quic.truncated_initial") }
                if isOrig { verdict = .confirmed }
            case .zeroRTT, .handshake:
                guard let length = Self.readVarInt(&cursor), cursor.skip(Int(clamping: length)) else {
                    return .violated(reason: "quic.truncated_packet")
                }
            }
        }
        return verdict
    }

    /// RFC 9000 §16: a 1, 2, 4 or 8-byte integer whose first two bits give the size.
    static func readVarInt(_ cursor: inout ByteCursor) -> UInt64? {
        guard let first = cursor.readUInt8() else { return nil }
        var value = UInt64(first & 0x3F)
        for _ in 0..<((1 << (first >> 6)) - 1) {
            guard let next = cursor.readUInt8() else { return nil }
            value = value << 8 | UInt64(next)
        }
        return value
    }
}

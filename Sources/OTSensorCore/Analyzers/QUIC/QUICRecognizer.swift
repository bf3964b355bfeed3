/// Recognises QUIC as Zeek's QUIC analyzer does (conn.log `service` "quic").
///
/// Zeek parses each datagram's coalesced packets (QUIC.spicy). A long-header
/// packet whose version it does not know (RFC 9000 v1, RFC 9369 v2, drafts
/// 22 to 34, the mvfst versions) is a violation, and so is a long-header
/// packet that runs past its datagram, an Initial whose length leaves no room
/// for the header-protection sample, and a client Initial that does not
/// decrypt with the keys of the first one's Destination Connection ID.
/// Packets without the fixed bit and short-header packets are skipped.
///
/// Zeek confirms on the first client Initial it decrypts. This recogniser
/// confirms once the decrypted CRYPTO frames hold the whole ClientHello, or
/// at the third decrypted client Initial or the server's first datagram if
/// they do not: the framework stops feeding at the verdict, and the
/// ClientHello, which clients often split over two Initials, is what Zeek's
/// SSL analyzer inside QUIC confirms as "ssl".
public struct QUICRecognizer: ServiceRecognizer {
    public static let service = "quic"

    /// Client Initials decrypted before confirming without a whole ClientHello.
    static let initialsBeforeVerdict = 3

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

    /// The ClientHello of the client's Initials, once whole: SNI and ALPN for
    /// the signature engine, and Zeek's "ssl" service inside QUIC.
    public private(set) var clientHello: TLSClientHello?
    /// Keys from the first client Initial's Destination Connection ID,
    /// forgotten at a Retry as Zeek does.
    private var protection: QUICInitialProtection?
    private var crypto = QUICCryptoStream()
    private var decryptedInitials = 0

    public init() {}

    /// Zeek's SSL analyzer inside QUIC confirms on the whole ClientHello.
    public var innerServices: [String] { clientHello != nil ? [TLSRecognizer.service] : [] }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        var cursor = ByteCursor(bytes)
        while let first = cursor.readUInt8() {
            let start = cursor.offset - 1
            guard first & 0x40 != 0, first & 0x80 != 0 else { break }
            guard let version = cursor.readUInt32BE(),
                  let destinationLength = cursor.readUInt8(),
                  let destination = cursor.readBytes(Int(destinationLength)),
                  let sourceLength = cursor.readUInt8(), cursor.skip(Int(sourceLength)) else {
                return .violated(reason: "quic.truncated_long_header")
            }
            guard Self.isKnown(version) else { return .violated(reason: "quic.unhandled_version") }
            switch Self.packetType(firstByte: first, version: version) {
            case .retry:
                if !isOrig { protection = nil }
                return .undecided
            case .initial:
                guard let tokenLength = Self.readVarInt(&cursor), cursor.skip(Int(clamping: tokenLength)),
                      let length = Self.readVarInt(&cursor) else {
                    return .violated(reason: "quic.truncated_initial")
                }
                guard length >= 20 else { return .violated(reason: "quic.initial_too_short") }
                let numberOffset = cursor.offset - start
                guard cursor.skip(Int(clamping: length)) else { return .violated(reason: "quic.truncated_initial") }
                guard isOrig, clientHello == nil else { continue }
                if protection == nil {
                    protection = QUICInitialProtection(version: version, destinationConnectionID: Array(destination))
                }
                let packet = UnsafeRawBufferPointer(rebasing: bytes[start..<cursor.offset])
                guard let payload = protection?.open(packet, numberOffset: numberOffset, end: packet.count) else {
                    return .violated(reason: "quic.decryption_failed")
                }
                crypto.absorb(frames: payload)
                clientHello = crypto.clientHello()
                decryptedInitials += 1
            case .zeroRTT, .handshake:
                guard let length = Self.readVarInt(&cursor), cursor.skip(Int(clamping: length)) else {
                    return .violated(reason: "quic.truncated_packet")
                }
            }
        }
        let decided = clientHello != nil || decryptedInitials >= Self.initialsBeforeVerdict || !isOrig
        return decryptedInitials > 0 && decided ? .confirmed : .undecided
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

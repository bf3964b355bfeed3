import _CryptoExtras
import Crypto
import Foundation

/// The client's Initial packet protection (RFC 9001 §5.2 and §5.4, RFC 9369
/// §3.3), derived from the Destination Connection ID of its first Initial,
/// as Zeek's decrypt_crypto.cc derives it to confirm QUIC.
///
/// The keys are kept as bytes, since swift-crypto's `SymmetricKey` is not
/// `Sendable`; a recogniser opens only a connection's first Initials.
struct QUICInitialProtection: Sendable {
    let key: [UInt8]
    let iv: [UInt8]
    let headerProtection: [UInt8]

    init(version: UInt32, destinationConnectionID: [UInt8]) {
        let initialSecret = HKDF<SHA256>.extract(inputKeyMaterial: SymmetricKey(data: destinationConnectionID),
                                                 salt: Self.salt(version))
        let clientSecret = Self.expandLabel(initialSecret, "client in", length: 32)
        let prefix = version == QUICRecognizer.version2 ? "quicv2 " : "quic "
        key = Self.expandLabel(clientSecret, prefix + "key", length: 16).withUnsafeBytes { Array($0) }
        iv = Self.expandLabel(clientSecret, prefix + "iv", length: 12).withUnsafeBytes { Array($0) }
        headerProtection = Self.expandLabel(clientSecret, prefix + "hp", length: 16).withUnsafeBytes { Array($0) }
    }

    /// The initial salts of RFC 9001 §5.2, RFC 9369 §3.3.1 and the drafts
    /// Zeek knows.
    static func salt(_ version: UInt32) -> [UInt8] {
        switch version {
        case QUICRecognizer.version2:
            hexSalt("0dede3def700a6db819381be6e269dcbf9bd2ed9")
        case 0xFF00_0016, 0xFACE_B001:
            hexSalt("7fbcdb0e7c66bbe9193a96cd21519ebd7a02644a")
        case 0xFF00_0017...0xFF00_001C, 0xFACE_B002...0xFACE_B013:
            hexSalt("c3eef712c72ebb5a11a7d2432bb46365bef9f502")
        case 0xFF00_001D...0xFF00_0020:
            hexSalt("afbfec289993d24c9e9786f19c6111e04390a899")
        default:
            hexSalt("38762cf7f55934b34d179ae6a4c80cadccbb7f0a")
        }
    }

    private static func hexSalt(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)!
        }
    }

    /// TLS 1.3's HKDF-Expand-Label (RFC 8446 §7.1) with an empty context.
    static func expandLabel(_ secret: some ContiguousBytes, _ label: String, length: Int) -> SymmetricKey {
        let fullLabel = Array("tls13 \(label)".utf8)
        let info = [UInt8(length >> 8), UInt8(length & 0xFF), UInt8(fullLabel.count)] + fullLabel + [0]
        return HKDF<SHA256>.expand(pseudoRandomKey: secret, info: info, outputByteCount: length)
    }

    /// Removes header protection from one Initial packet, `packet[..<end]`
    /// whose packet number starts at `numberOffset`, and decrypts its payload;
    /// `nil` when the packet is too short or does not authenticate.
    func open(_ packet: UnsafeRawBufferPointer, numberOffset: Int, end: Int) -> [UInt8]? {
        guard numberOffset + 20 <= end, end <= packet.count else { return nil }
        var mask = Array(packet[(numberOffset + 4)..<(numberOffset + 20)])
        guard (try? AES.permute(&mask, key: SymmetricKey(data: headerProtection))) != nil else { return nil }
        var header = Array(packet[0..<(numberOffset + 4)])
        header[0] ^= mask[0] & 0x0F
        let numberLength = Int(header[0] & 0x03) + 1
        var number: UInt64 = 0
        for index in 0..<numberLength {
            header[numberOffset + index] ^= mask[1 + index]
            number = number << 8 | UInt64(header[numberOffset + index])
        }
        let payloadStart = numberOffset + numberLength
        guard end - payloadStart >= 16 else { return nil }
        var nonce = iv
        for index in 0..<8 {
            nonce[11 - index] ^= UInt8(truncatingIfNeeded: number >> (8 * UInt64(index)))
        }
        guard let gcmNonce = try? AES.GCM.Nonce(data: nonce),
              let box = try? AES.GCM.SealedBox(nonce: gcmNonce, ciphertext: packet[payloadStart..<(end - 16)],
                                                tag: packet[(end - 16)..<end]),
              let plaintext = try? AES.GCM.open(box, using: SymmetricKey(data: key),
                                                authenticating: header[0..<payloadStart]) else {
            return nil
        }
        return Array(plaintext)
    }
}

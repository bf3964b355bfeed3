/// NetBIOS name service (RFC 1002) uses DNS's message format on 137/udp, and
/// Zeek's DNS analyzer reads it there with a few differences, chosen by port.
struct DNSNetBIOS: Sendable, Equatable {
    static let port: UInt16 = 137

    /// Either port is 137: registrations and releases are read like queries
    /// (opcode 5 is a registration, not an UPDATE) and opcodes have NetBIOS names.
    let isNetBIOS: Bool
    /// The responder port is 137: query names are decoded from NetBIOS's
    /// first-level encoding, and type 33 is NBSTAT (node status), not SRV.
    let isNameService: Bool

    init(origPort: UInt16, respPort: UInt16) {
        isNetBIOS = origPort == Self.port || respPort == Self.port
        isNameService = respPort == Self.port
    }

    static let none = DNSNetBIOS(origPort: 0, respPort: 0)

    /// Zeek's `netbios_opcodes`.
    static func opcodeName(_ value: UInt8) -> String {
        switch value {
        case 0: "netbios-query"
        case 5: "netbios-registration"
        case 6: "netbios-release"
        case 7: "netbios-wack"
        case 8: "netbios-refresh"
        default: "netbios-opcode-\(value)"
        }
    }

    /// Zeek's `decode_netbios_name`: 32 letters A–P (either case), two per
    /// byte; bytes are kept while they are alphanumeric, punctuation, a space
    /// or below 3; the 16th (the name's type) is dropped, then trailing spaces
    /// and NULs. Nil when the name is not such an encoding or decodes to nothing.
    static func decodedName(_ encoded: [UInt8]) -> [UInt8]? {
        guard encoded.count == 32 else { return nil }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(16)
        for pair in stride(from: 0, to: 32, by: 2) {
            guard let high = letterValue(encoded[pair]), let low = letterValue(encoded[pair + 1]) else { return nil }
            let byte = high << 4 | low
            guard isKept(byte) else { break }
            decoded.append(byte)
        }
        if decoded.count == 16 { decoded.removeLast() }
        while let last = decoded.last, last == UInt8(ascii: " ") || last == 0 { decoded.removeLast() }
        return decoded.isEmpty ? nil : decoded
    }

    private static func letterValue(_ letter: UInt8) -> UInt8? {
        let upper = letter >= 0x61 && letter <= 0x7A ? letter - 0x20 : letter
        return upper >= 0x41 && upper <= 0x50 ? upper - 0x41 : nil
    }

    /// C's isalnum, ispunct (in the C locale), a space, or a byte below 3.
    private static func isKept(_ byte: UInt8) -> Bool {
        byte < 3 || (byte >= 0x20 && byte <= 0x7E)
    }
}

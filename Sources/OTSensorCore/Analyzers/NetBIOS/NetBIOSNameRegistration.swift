/// A unique-name registration request as netbios-ns.log reads it (LOGS.md
/// §6.9): the fixed layout of a request with one question and one additional
/// record whose name is a pointer.
struct NetBIOSNameRegistration: Hashable, Sendable {
    /// The first 14 decoded name bytes with spaces removed (the 15th is cut, as
    /// the existing sensor does).
    var name: [UInt8]
    var ttl: UInt32
    /// The 16th decoded byte.
    var suffix: UInt8
}

/// Why a registration was not logged; the raw value is the manifest's anomaly name.
enum NetBIOSNameError: String, Error {
    case truncatedRegistration = "netbios_ns.registration_truncated"
    /// The question name is not a 32-character first-level encoding without scope.
    case unsupportedNameLayout = "netbios_ns.name_layout_unsupported"
    case invalidNameEncoding = "netbios_ns.invalid_name_encoding"
}

extension NetBIOSNameRegistration {
    /// What one NBNS datagram holds for the log.
    enum Content {
        case uniqueRegistration(NetBIOSNameRegistration)
        /// Not a registration request, or a group name: nothing to log.
        case other
    }

    static let registrationOpcode: UInt16 = 5
    /// Offsets from the start of the NBNS message.
    private static let nameOffset = 12, ttlOffset = 56, flagsOffset = 62, minimumLength = 64

    static func parse(_ payload: UnsafeRawBufferPointer) throws(NetBIOSNameError) -> Content {
        let cursor = ByteCursor(payload)
        guard let flags = cursor.peekBE(UInt16.self, at: 2) else { return .other }
        let isResponse = flags & 0x8000 != 0
        guard !isResponse, (flags >> 11) & 0xF == registrationOpcode else { return .other }
        guard payload.count >= minimumLength,
              let ttl = cursor.peekBE(UInt32.self, at: ttlOffset),
              let nameFlags = cursor.peekBE(UInt16.self, at: flagsOffset) else { throw .truncatedRegistration }
        guard nameFlags & 0x8000 == 0 else { return .other }
        guard payload[nameOffset] == 0x20, payload[nameOffset + 33] == 0 else { throw .unsupportedNameLayout }
        let decoded = try NetBIOSName.decode(UnsafeRawBufferPointer(rebasing: payload[(nameOffset + 1)..<(nameOffset + 33)]))
        return .uniqueRegistration(NetBIOSNameRegistration(
            name: decoded[0..<14].filter { $0 != 0x20 }, ttl: ttl, suffix: decoded[15]))
    }

    /// netbios-ns.log's ServiceType for the suffix byte.
    var serviceType: StaticString {
        switch suffix {
        case 0x00: "Workstation"
        case 0x01: "Master Browser"
        case 0x03: "Messenger"
        case 0x06: "RAS Server"
        case 0x1B: "Domain Master Browser"
        case 0x1C: "Domain Controllers"
        case 0x1D: "Master Browser"
        case 0x1E: "Browser Service Elections"
        case 0x1F: "NetDDE"
        case 0x20: "Server"
        case 0x21: "RAS Client"
        case 0xBE: "Network Monitor Agent"
        case 0xBF: "Network Monitor Application"
        default: "Unknown"
        }
    }
}

/// First-level NetBIOS name encoding (RFC 1001 §14.1): each byte is two
/// characters 'A' + high nibble, 'A' + low nibble.
enum NetBIOSName {
    /// The 16 bytes of a 32-character encoded name; a character outside A–P
    /// is an invalid encoding (Zeek would print garbage; we skip, decision 8).
    static func decode(_ encoded: UnsafeRawBufferPointer) throws(NetBIOSNameError) -> [UInt8] {
        guard encoded.count == 32 else { throw .unsupportedNameLayout }
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<16 {
            let high = encoded[2 * i] &- 0x41, low = encoded[2 * i + 1] &- 0x41
            guard high < 16, low < 16 else { throw .invalidNameEncoding }
            bytes[i] = high << 4 | low
        }
        return bytes
    }
}

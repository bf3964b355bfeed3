/// NetBIOS name service messages (RFC 1002 §4.2), for netbios-ns.log scenarios.
public enum NetBIOSNameMessage {
    /// First-level encoding of a NetBIOS name: padded with spaces to 15
    /// characters, the suffix as 16th byte, each byte as 'A' + nibble twice;
    /// with the length byte 0x20 and the terminating 0x00 (no scope).
    public static func encodedName(_ name: String, suffix: UInt8) -> [UInt8] {
        let padded = Array(name.utf8.prefix(15)) + [UInt8](repeating: 0x20, count: max(0, 15 - name.utf8.count)) + [suffix]
        var out: [UInt8] = [0x20]
        for byte in padded { out += [0x41 + (byte >> 4), 0x41 + (byte & 0x0F)] }
        return out + [0]
    }

    /// A name registration request: one question, one additional record whose
    /// name points at the question; `group` sets NB_FLAGS' G bit.
    public static func registration(id: UInt16 = 0x8A1F, name: String, suffix: UInt8, ttl: UInt32 = 300_000,
                                    group: Bool = false, address: IPv4Address, encodedName: [UInt8]? = nil) -> [UInt8] {
        var out: [UInt8] = []
        for field: UInt16 in [id, 0x2910, 1, 0, 0, 1] { out.appendBE(field) }   // opcode 5, RD, B
        out += encodedName ?? Self.encodedName(name, suffix: suffix)
        out += [0, 0x20, 0, 1]                         // NB, IN
        out += [0xC0, 0x0C, 0, 0x20, 0, 1]             // pointer to the question name, NB, IN
        out.appendBE(ttl)
        out.appendBE(UInt16(6))
        out.appendBE(UInt16(group ? 0x8000 : 0x0000))
        return out + address.bytes
    }

    /// A name query (opcode 0): not a registration.
    public static func query(id: UInt16 = 0x8A20, name: String, suffix: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        for field: UInt16 in [id, 0x0110, 1, 0, 0, 0] { out.appendBE(field) }
        return out + encodedName(name, suffix: suffix) + [0, 0x20, 0, 1]
    }
}

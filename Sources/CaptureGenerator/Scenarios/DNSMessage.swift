/// Minimal DNS (RFC 1035) messages for an A record, so that sample and benchmark
/// port-53 traffic is real DNS that dissectors and analyzers can parse.
enum DNSMessage {
    static func query(id: UInt16, name: String) -> [UInt8] {
        header(id: id, flags: 0x0100, answers: 0) + question(name)
    }

    static func answer(id: UInt16, name: String, address: [UInt8]) -> [UInt8] {
        var out = header(id: id, flags: 0x8180, answers: 1) + question(name)
        out += [0xC0, 0x0C, 0, 1, 0, 1]  // pointer to the question's name; type A, class IN
        out.appendBE(UInt32(300))
        out.appendBE(UInt16(address.count))
        return out + address
    }

    private static func header(id: UInt16, flags: UInt16, answers: UInt16) -> [UInt8] {
        var out: [UInt8] = []
        for field in [id, flags, 1, answers, 0, 0] { out.appendBE(field) }
        return out
    }

    private static func question(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        for label in name.split(separator: ".") { out += [UInt8(label.utf8.count)] + Array(label.utf8) }
        return out + [0, 0, 1, 0, 1]
    }
}

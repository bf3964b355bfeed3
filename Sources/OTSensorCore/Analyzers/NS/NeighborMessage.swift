/// An ICMPv6 Neighbor Solicitation (135) or Advertisement (136): its target
/// address and its link-layer address options (RFC 4861 §4.3, §4.4).
struct NeighborMessage {
    enum Kind: UInt8 {
        case solicitation = 135
        case advertisement = 136
    }

    /// Why an option list could not be read to its end (the row is still
    /// logged: Zeek's ns events do not depend on the options).
    enum OptionProblem: String {
        case zeroLength = "ns.option_length_zero"
        case truncated = "ns.option_truncated"
    }

    var kind: Kind
    /// `::` when the message is too short to hold one (as Zeek).
    var target: IPAddress
    var sourceLinkAddress: MACAddress?
    var targetLinkAddress: MACAddress?
    var optionProblem: OptionProblem?

    /// Parses the ICMPv6 message at `offset` (its type byte) up to `end`.
    init?(_ bytes: UnsafeRawBufferPointer, offset: Int, end: Int) {
        guard offset < end, end <= bytes.count, let kind = Kind(rawValue: bytes[offset]) else { return nil }
        self.kind = kind
        let body = UnsafeRawBufferPointer(rebasing: bytes[offset..<end])
        var cursor = ByteCursor(body, offset: 8)
        guard let high = cursor.readBE(UInt64.self), let low = cursor.readBE(UInt64.self) else {
            target = .zero
            return
        }
        target = IPAddress(high: high, low: low)
        readOptions(&cursor)
    }

    /// Type-length-value options in units of 8 bytes; type 1 = source and
    /// type 2 = target link-layer address (Ethernet: 6 bytes).
    private mutating func readOptions(_ cursor: inout ByteCursor) {
        while !cursor.isAtEnd {
            guard let type = cursor.readUInt8(), let units = cursor.readUInt8() else {
                optionProblem = .truncated
                return
            }
            guard units > 0 else {
                optionProblem = .zeroLength
                return
            }
            let valueLength = Int(units) * 8 - 2
            guard let value = cursor.readBytes(valueLength) else {
                optionProblem = .truncated
                return
            }
            guard (type == 1 || type == 2), valueLength >= 6 else { continue }
            var mac: UInt64 = 0
            for i in 0..<6 { mac = mac << 8 | UInt64(value[i]) }
            if type == 1 { sourceLinkAddress = MACAddress(value: mac) } else { targetLinkAddress = MACAddress(value: mac) }
        }
    }
}

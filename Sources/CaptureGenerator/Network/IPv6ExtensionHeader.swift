/// An IPv6 extension header (RFC 8200 §4); the packet builder chains their
/// next-header fields in the order given.
public enum IPv6ExtensionHeader: Sendable {
    /// Option TLVs; padded with Pad1/PadN to a multiple of 8 bytes.
    case hopByHop(options: [UInt8])
    /// `data` follows the 4 fixed bytes (type-specific reserved field, addresses).
    case routing(type: UInt8, segmentsLeft: UInt8, data: [UInt8])
    case destinationOptions(options: [UInt8])
    /// `offset` in 8-byte units.
    case fragment(offset: UInt16, moreFragments: Bool, identification: UInt32)

    public var headerType: UInt8 {
        switch self {
        case .hopByHop: return IPProtocolNumber.hopByHop
        case .routing: return IPProtocolNumber.routing
        case .destinationOptions: return IPProtocolNumber.destinationOptions
        case .fragment: return IPProtocolNumber.fragment
        }
    }

    public func bytes(nextHeader: UInt8) -> [UInt8] {
        switch self {
        case .hopByHop(let options), .destinationOptions(let options):
            var out = [nextHeader, 0] + options
            let padding = (8 - out.count % 8) % 8
            if padding == 1 { out.append(0) }  // Pad1
            if padding > 1 { out += [1, UInt8(padding - 2)] + repeatElement(0, count: padding - 2) }  // PadN
            out[1] = UInt8(out.count / 8 - 1)
            return out
        case .routing(let type, let segmentsLeft, let data):
            var out = [nextHeader, 0, type, segmentsLeft] + data
            out.pad(toMultipleOf: 8)
            out[1] = UInt8(out.count / 8 - 1)
            return out
        case .fragment(let offset, let more, let identification):
            var out = [nextHeader, 0]
            out.appendBE(offset << 3 | (more ? 1 : 0))
            out.appendBE(identification)
            return out
        }
    }
}

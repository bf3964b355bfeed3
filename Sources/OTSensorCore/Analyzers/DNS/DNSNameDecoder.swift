/// Reads domain names (RFC 1035 §4.1.4) as Zeek's DNS analyzer spells them:
/// labels joined by dots without the final one, the root as the empty name,
/// label bytes kept as they are (the log writer escapes them).
///
/// A compression pointer must point before the label that holds it, and the
/// name it points to may only use the bytes up to that label, as in Zeek: a
/// chain of pointers therefore always moves backwards and cannot loop, and its
/// length is capped besides.
enum DNSNameDecoder {
    /// Zeek decodes into a 513-byte buffer, one byte kept for a terminator.
    static let maximumLength = 512
    /// Zeek's `dns_max_compression_chain_depth`.
    static let maximumPointerDepth = 20
    static let maximumLabelLength = 63

    /// Reads the name at the cursor and moves the cursor past it (past the
    /// pointer, for a compressed name), its ASCII letters cased as `letters` says.
    static func read(_ cursor: inout ByteCursor, letters: DNSNameCase = .lowered) throws(DNSParseError) -> [UInt8] {
        var name: [UInt8] = []
        var room = maximumLength
        var offset = cursor.offset
        try read(cursor.bytes, at: &offset, limit: cursor.bytes.count, into: &name, room: &room,
                 letters: letters, depth: 0)
        if name.count >= 2 && name.last == UInt8(ascii: ".") { name.removeLast() }
        cursor = ByteCursor(cursor.bytes, offset: offset)
        return name
    }

    /// Appends labels and their dots from `offset` up to `limit` (exclusive).
    private static func read(_ message: UnsafeRawBufferPointer, at offset: inout Int, limit: Int,
                             into name: inout [UInt8], room: inout Int, letters: DNSNameCase,
                             depth: Int) throws(DNSParseError) {
        guard depth <= maximumPointerDepth else { throw .nameChainTooDeep }
        while true {
            guard offset < limit else { throw .nameTruncated }
            let labelStart = offset
            let length = Int(message[offset])
            offset += 1
            if length == 0 { return }
            if length & 0xC0 == 0xC0 {
                guard offset < limit else { throw .nameTruncated }
                let target = (length & 0x3F) << 8 | Int(message[offset])
                offset += 1
                guard target < labelStart else { throw .nameLoop }
                var inner = target
                try read(message, at: &inner, limit: labelStart, into: &name, room: &room,
                         letters: letters == .kept ? .kept : .lowered, depth: depth + 1)
                return
            }
            guard length <= limit - offset else { throw .labelPastEnd }
            guard length <= maximumLabelLength else { throw .labelTooLong }
            guard length < room else { throw .nameTooLong }
            let lowering = letters == .lowered
            for byte in message[offset..<(offset + length)] {
                name.append(lowering && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
            name.append(UInt8(ascii: "."))
            room -= length + 1
            offset += length
        }
    }
}

/// How the letters of a decoded name are cased. Zeek 9.1 lower-cases the names
/// of records (and everything it reads through a compression pointer, even
/// where it asked for the name as sent); Zeek 5.0 kept them as sent.
enum DNSNameCase {
    /// Every ASCII letter lower-cased (Zeek 9.1's default).
    case lowered
    /// As sent, but lower-cased where read through a pointer (Zeek 9.1's
    /// NAPTR replacement and SVCB target).
    case keptOutsidePointers
    /// As sent (Zeek 5.0's records).
    case kept
}

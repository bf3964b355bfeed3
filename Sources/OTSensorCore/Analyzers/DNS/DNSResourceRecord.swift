/// One resource record as Zeek's `DNS::do_reply` hook receives it: the
/// record's owner name and TTL, and the text the record adds to `answers`
/// (empty for WKS, which still sets AA, RA and rtt but adds nothing).
struct DNSAnswer: Hashable, Sendable {
    var owner: [UInt8]
    var ttl: UInt32
    var reply: [UInt8]
}

/// The section a record is read from. Zeek hands the answer section to its
/// script, and in an UPDATE the prerequisite and update sections in its place.
enum DNSRecordSection {
    case answer
    case prerequisite
    case update
}

/// Reads resource records the way Zeek's `DNS_Interpreter::ParseAnswer` does,
/// including where it consumes more or fewer bytes than RDLENGTH: the next
/// record starts where Zeek's next record starts, so a message yields the
/// answers Zeek logs for it.
struct DNSRecordReader {
    let isDynamicUpdate: Bool
    /// The UPDATE's zone class, which normal update and prerequisite records carry.
    let zoneClass: UInt16
    /// How the names of records are cased (owner names and name targets).
    let letters: DNSNameCase
    /// Type 33 is NetBIOS node status on the name service port, which Zeek
    /// does not parse: it adds no answer.
    var readsNodeStatus = false

    /// Reads one record at the cursor; appends its answer, if the record type
    /// has one, to `answers` (before throwing, when Zeek reports the record and
    /// then stops reading the message).
    func read(_ cursor: inout ByteCursor, section: DNSRecordSection,
              into answers: inout [DNSAnswer]) throws(DNSParseError) {
        let owner = try DNSNameDecoder.read(&cursor, letters: letters)
        guard let type = cursor.readUInt16BE(), let rrClass = cursor.readUInt16BE() else {
            throw .recordTruncated
        }
        let ttl = cursor.readUInt32BE() ?? 0
        let rdLength = Int(cursor.readUInt16BE() ?? 0)
        guard rdLength <= cursor.remaining else { throw .recordTruncated }

        if isDynamicUpdate {
            switch section {
            case .prerequisite:
                // Zeek reads no RDATA from a prerequisite, whatever its length.
                if ttl == 0 && ((rrClass == Self.classAny || rrClass == Self.classNone) && rdLength == 0
                    || rrClass == zoneClass) {
                    answers.append(DNSAnswer(owner: owner, ttl: ttl,
                                             reply: Self.prerequisiteText(owner, type: type, rrClass: rrClass)))
                }
                return
            case .update:
                if rrClass == Self.classAny && ttl == 0 && rdLength == 0 {
                    answers.append(DNSAnswer(owner: owner, ttl: ttl, reply: Self.deletionText(owner, type: type)))
                    return
                }
                // An update in the wrong class is skipped without its RDATA.
                guard rrClass == Self.classNone && ttl == 0 || rrClass == zoneClass else { return }
            case .answer:
                break
            }
        }
        if rdLength == 0 && cursor.remaining > 0 {
            if isDynamicUpdate { return }
            throw .zeroRDLength
        }
        guard var text = try readData(&cursor, type: type, rdLength: rdLength, owner: owner, into: &answers, ttl: ttl)
        else { return }
        if section == .update && !text.starts(with: Array("del:".utf8)) { text = Array("add: ".utf8) + text }
        answers.append(DNSAnswer(owner: owner, ttl: ttl, reply: text))
    }

    static let classNone: UInt16 = 254
    static let classAny: UInt16 = 255
    private static let typeAny: UInt16 = 255

    /// Reads the RDATA of `type`; returns the record's `answers` text, or nil
    /// for types Zeek's script does not report (HINFO, CAA, SVCB, OPT, ...).
    /// A record Zeek reports and then rejects is appended before throwing.
    private func readData(_ cursor: inout ByteCursor, type: UInt16, rdLength: Int, owner: [UInt8],
                          into answers: inout [DNSAnswer], ttl: UInt32) throws(DNSParseError) -> [UInt8]? {
        switch type {
        case 1:
            guard rdLength == 4, let value = cursor.readUInt32BE() else { throw .badRData }
            return addressText(IPAddress(ipv4: value), type: "A", owner: owner)
        case 28, 38:
            return addressText(Self.readIPv6(&cursor), type: type == 28 ? "AAAA" : "A6", owner: owner)
        case 2, 5, 12:
            return try DNSNameDecoder.read(&cursor, letters: letters)
        case 6:
            let primary = try DNSNameDecoder.read(&cursor, letters: letters)
            _ = try DNSNameDecoder.read(&cursor, letters: letters)
            guard cursor.skip(20) else { throw .badRData }
            return primary
        case 11:
            // Zeek reports WKS without reading its RDATA: the next record is read from there.
            return []
        case 13:
            var left = rdLength
            _ = Self.characterString(&cursor, left: &left)
            _ = Self.characterString(&cursor, left: &left)
            guard left == 0 else { throw .badRData }
            return nil
        case 15:
            _ = cursor.readUInt16BE()
            return try DNSNameDecoder.read(&cursor, letters: letters)
        case 16, 99:
            var left = rdLength
            var text: [UInt8] = []
            let label = Array((type == 16 ? "TXT " : "SPF ").utf8)
            while let string = Self.characterString(&cursor, left: &left) {
                if !text.isEmpty { text.append(UInt8(ascii: " ")) }
                text += label + Array(String(string.count).utf8) + [UInt8(ascii: " ")] + string
            }
            guard left == 0 else {
                answers.append(DNSAnswer(owner: owner, ttl: ttl, reply: text))
                throw .badRData
            }
            return text
        case 257:
            guard let flags = cursor.readUInt16BE() else { throw .badRData }
            let tagLength = Int(flags & 0xFF)
            guard tagLength < rdLength - 2 else { throw .badRData }
            cursor.skip(rdLength - 2)
            return nil
        case 32, 249:
            cursor.skip(rdLength)
            return nil
        case 33 where readsNodeStatus:
            cursor.skip(rdLength)
            return nil
        case 33:
            cursor.skipShorts(3)
            return try DNSNameDecoder.read(&cursor, letters: letters)
        case 35:
            return try readNAPTR(&cursor, rdLength: rdLength)
        case 41:
            try Self.skipOptions(&cursor, rdLength: rdLength)
            return nil
        case 250:
            _ = try DNSNameDecoder.read(&cursor, letters: letters)
            _ = cursor.readUInt32BE()
            cursor.skipShorts(2)
            Self.skipOctets(&cursor)
            cursor.skipShorts(2)
            Self.skipOctets(&cursor)
            return nil
        case 46:
            guard cursor.remaining >= 18, let covered = cursor.readUInt16BE() else { throw .badRData }
            cursor.skip(16)
            let start = cursor.offset
            let signer = try DNSNameDecoder.read(&cursor, letters: letters)
            Self.skipStream(&cursor, rdLength - (cursor.offset - start + 18))
            return Array("RRSIG \(covered) ".utf8) + (signer.isEmpty ? Array("<Root>".utf8) : signer)
        case 47:
            let start = cursor.offset
            let next = try DNSNameDecoder.read(&cursor, letters: letters)
            Self.skipBitmaps(&cursor, length: rdLength - (cursor.offset - start))
            return Array("NSEC ".utf8) + owner + [UInt8(ascii: " ")] + next
        case 48:
            guard cursor.remaining >= 4 else { throw .badRData }
            cursor.skip(3)
            let algorithm = cursor.readUInt8() ?? 0
            Self.skipStream(&cursor, rdLength - 4)
            return Array("DNSKEY \(algorithm)".utf8)
        case 50:
            guard cursor.remaining >= 6 else { throw .badRData }
            let start = cursor.offset
            cursor.skip(4)
            Self.skipStream(&cursor, Int(cursor.readUInt8() ?? 0))
            Self.skipStream(&cursor, Int(cursor.readUInt8() ?? 0))
            Self.skipBitmaps(&cursor, length: rdLength - (cursor.offset - start))
            return Array("NSEC3".utf8)
        case 51:
            guard cursor.remaining >= 5 else { throw .badRData }
            cursor.skip(4)
            Self.skipStream(&cursor, Int(cursor.readUInt8() ?? 0))
            return Array("NSEC3PARAM".utf8)
        case 43:
            guard cursor.remaining >= 4 else { throw .badRData }
            cursor.skip(2)
            let algorithm = cursor.readUInt8() ?? 0, digestType = cursor.readUInt8() ?? 0
            Self.skipStream(&cursor, rdLength - 4)
            return Array("DS \(algorithm) \(digestType)".utf8)
        case 65534:
            guard cursor.skip(5) else { throw .badRData }
            return Array("BIND9 signing signal".utf8)
        case 44:
            guard cursor.skip(2) else { throw .badRData }
            let count = min(cursor.remaining, max(rdLength - 2, 0))
            let fingerprint = cursor.readBytes(count) ?? UnsafeRawBufferPointer(start: nil, count: 0)
            return Array("SSHFP: ".utf8) + Self.lowerHex(fingerprint)
        case 29:
            guard rdLength == 16 else { throw .badRData }
            cursor.skip(1)
            let size = cursor.readUInt8() ?? 0, horizontal = cursor.readUInt8() ?? 0, vertical = cursor.readUInt8() ?? 0
            cursor.skip(12)
            return Array("LOC:  \(size) \(horizontal) \(vertical)".utf8)
        case 64, 65:
            try skipServiceBinding(&cursor, rdLength: rdLength)
            return nil
        default:
            cursor.skip(rdLength)
            return Array("<unknown type=\(type)>".utf8)
        }
    }

    /// The casing of names Zeek 9.1 reads without lower-casing them.
    private var keptLetters: DNSNameCase { letters == .kept ? .kept : .keptOutsidePointers }

    /// An address record; an UPDATE names the record it adds.
    private func addressText(_ address: IPAddress, type: String, owner: [UInt8]) -> [UInt8] {
        var text: [UInt8] = []
        if isDynamicUpdate { text = Array("\(type) ".utf8) + owner + [UInt8(ascii: " ")] }
        AddressText.append(address, to: &text)
        return text
    }

    /// NAPTR (RFC 3403): order, preference, three character-strings and a name.
    private func readNAPTR(_ cursor: inout ByteCursor, rdLength: Int) throws(DNSParseError) -> [UInt8] {
        let order = cursor.readUInt16BE() ?? 0, preference = cursor.readUInt16BE() ?? 0
        var left = rdLength - 4
        guard cursor.remaining > 0, left > 0 else { throw .badRData }
        guard let flags = Self.characterString(&cursor, left: &left),
              let service = Self.characterString(&cursor, left: &left),
              let expression = Self.characterString(&cursor, left: &left) else { throw .badRData }
        let replacement = try DNSNameDecoder.read(&cursor, letters: keptLetters)
        var tail = expression
        if !replacement.isEmpty {
            if !tail.isEmpty { tail.append(UInt8(ascii: " ")) }
            tail += replacement
        }
        let space = [UInt8(ascii: " ")]
        return Array("NAPTR \(order) \(preference) ".utf8) + flags + space + service + space + tail
    }

    /// A `<character-string>` within the `left` bytes of RDATA; nil when none
    /// is left or it claims more bytes than are left (its length byte is then consumed).
    private static func characterString(_ cursor: inout ByteCursor, left: inout Int) -> [UInt8]? {
        guard left > 0, let length = cursor.readUInt8().map(Int.init) else { return nil }
        left -= 1
        guard length <= left, let bytes = cursor.readBytes(length) else { return nil }
        left -= length
        return Array(bytes)
    }

    /// 16 bytes as an IPv6 address, each 32-bit word read only while 4 bytes
    /// remain (Zeek reads AAAA this way whatever RDLENGTH says).
    private static func readIPv6(_ cursor: inout ByteCursor) -> IPAddress {
        var words: [UInt64] = []
        for _ in 0..<4 { words.append(UInt64(cursor.readUInt32BE() ?? 0)) }
        return IPAddress(high: words[0] << 32 | words[1], low: words[2] << 32 | words[3])
    }

    /// Skips `count` bytes, or what is left of the message if fewer.
    private static func skipStream(_ cursor: inout ByteCursor, _ count: Int) {
        cursor.skip(min(cursor.remaining, max(count, 0)))
    }

    /// Skips a 16-bit length and that many bytes (at most what is left).
    private static func skipOctets(_ cursor: inout ByteCursor) {
        skipStream(&cursor, Int(cursor.readUInt16BE() ?? 0))
    }

    /// The type bitmaps of NSEC and NSEC3: window, length, bitmap, until the
    /// RDATA or the message ends or a bitmap is empty.
    private static func skipBitmaps(_ cursor: inout ByteCursor, length: Int) {
        var left = length
        while left > 0 && cursor.remaining > 0 {
            let bitmapLength = Int((cursor.readUInt16BE() ?? 0) & 0xFF)
            if bitmapLength == 0 { return }
            skipStream(&cursor, bitmapLength)
            left -= 2 + bitmapLength
        }
    }

    /// The EDNS options of an OPT record, which must fill its RDATA exactly.
    private static func skipOptions(_ cursor: inout ByteCursor, rdLength: Int) throws(DNSParseError) {
        var left = rdLength
        while left >= 4 {
            _ = cursor.readUInt16BE()
            let length = Int(cursor.readUInt16BE() ?? 0)
            left -= 4
            guard length <= left else { throw .badRData }
            cursor.skip(length)
            left -= length
        }
        guard left == 0 else { throw .badRData }
    }

    /// SVCB and HTTPS (RFC 9460): priority, target and key/value parameters.
    private func skipServiceBinding(_ cursor: inout ByteCursor, rdLength: Int) throws(DNSParseError) {
        guard rdLength >= 3 else { throw .badRData }
        let start = cursor.offset
        _ = cursor.readUInt16BE()
        _ = try DNSNameDecoder.read(&cursor, letters: keptLetters)
        var left = rdLength - (cursor.offset - start)
        while left >= 4 {
            _ = cursor.readUInt16BE()
            let length = min(Int(cursor.readUInt16BE() ?? 0), left - 4)
            left -= 4
            Self.skipStream(&cursor, length)
            left -= length
        }
    }

    /// `pre: …` for an UPDATE's prerequisite (RFC 2136 §2.4), as Zeek's script words it.
    private static func prerequisiteText(_ owner: [UInt8], type: UInt16, rrClass: UInt16) -> [UInt8] {
        let typeName = Array(DNSNames.qtype(type, dialect: .zeek9).utf8), space = [UInt8(ascii: " ")]
        let what: [UInt8]
        if rrClass == classNone && type == typeAny {
            what = Array("NameNotInUse ".utf8) + owner
        } else if rrClass == classAny && type == typeAny {
            what = Array("NameInUse ".utf8) + owner
        } else if rrClass == classNone {
            what = Array("NoRRSet ".utf8) + typeName + space + owner
        } else {
            what = Array("RRSetExists ".utf8) + typeName + space + owner
        }
        return Array("pre: ".utf8) + what
    }

    /// `del: …` for an update that deletes an RRset or every RRset of a name (RFC 2136 §2.5.2–3).
    private static func deletionText(_ owner: [UInt8], type: UInt16) -> [UInt8] {
        if type == typeAny { return Array("del: RRSet * ".utf8) + owner }
        return Array("del: RRSet \(DNSNames.qtype(type, dialect: .zeek9))".utf8)
    }

    private static func lowerHex(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }
}

extension ByteCursor {
    /// Skips `count` 16-bit fields one by one, each only while two bytes
    /// remain: Zeek's `ExtractShort` reads nothing from a shorter rest.
    fileprivate mutating func skipShorts(_ count: Int) {
        for _ in 0..<count { _ = readUInt16BE() }
    }
}

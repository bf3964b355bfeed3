/// The fields dhcp2.log takes from one DHCPv4 message (LOGS.md §6.8), read the
/// way the existing sensor's MYDHCP parser reads them.
struct DHCPClientMessage: Hashable, Sendable {
    /// The first `hlen` bytes of chaddr.
    var clientHardwareAddress: [UInt8]
    /// Option 12, UTF-8-decoded with control characters removed.
    var hostname: [UInt8]?
    /// Option 55's codes in wire order.
    var parameterRequestList: [UInt8]?
    /// Option 60 as UTF-8 text, control characters kept.
    var classID: [UInt8]?
}

/// Why a DHCPv4 message was not logged; the raw value is the manifest's anomaly name.
enum DHCPParseError: String, Error {
    case truncatedHeader = "dhcp.truncated_header"
    case hardwareAddressTooLong = "dhcp.hlen_over_16"
    case badMagicCookie = "dhcp.bad_magic_cookie"
    case truncatedOption = "dhcp.option_truncated"
    case optionLengthUnderflow = "dhcp.option_length_underflow"
}

extension DHCPClientMessage {
    /// op … file: the fixed BOOTP header before the magic cookie.
    static let fixedHeaderLength = 236
    static let magicCookie: UInt32 = 0x6382_5363

    /// Options that MYDHCP reads with their standard size whatever the length
    /// byte says: a wrong length byte desynchronises the rest of the list, as there.
    private static func fixedSize(of code: UInt8) -> Int? {
        switch code {
        case 19, 53: 1
        case 57: 2
        case 2, 28, 50, 51, 54, 58, 59: 4
        default: nil
        }
    }

    /// Parses a whole datagram; options run to its end (END is one byte like PAD,
    /// and bytes after it are read as more options, as in MYDHCP).
    init(parsing payload: UnsafeRawBufferPointer) throws(DHCPParseError) {
        guard payload.count >= Self.fixedHeaderLength + 4 else { throw .truncatedHeader }
        let hlen = Int(payload[2])
        guard hlen <= 16 else { throw .hardwareAddressTooLong }
        clientHardwareAddress = Array(payload[28..<(28 + hlen)])
        var cursor = ByteCursor(payload, offset: Self.fixedHeaderLength)
        guard cursor.readUInt32BE() == Self.magicCookie else { throw .badMagicCookie }
        while let code = cursor.readUInt8() {
            if code == 0 || code == 255 { continue }
            guard let length = cursor.readUInt8().map(Int.init) else { throw .truncatedOption }
            if let size = Self.fixedSize(of: code) {
                guard cursor.skip(size) else { throw .truncatedOption }
                continue
            }
            if code == 61 {
                guard length >= 1 else { throw .optionLengthUnderflow }
            }
            guard let data = cursor.readBytes(length) else { throw .truncatedOption }
            switch code {
            case 12: hostname = DHCPText.withoutControlCharacters(DHCPText.utf8(data))
            case 55: parameterRequestList = Array(data)
            case 60: classID = DHCPText.utf8(data)
            default: break
            }
        }
    }
}

/// Text rules of MYDHCP's options: Spicy decodes the bytes as UTF-8 (invalid
/// sequences become U+FFFD, LOGS.md §8.7) and the script strips control characters.
enum DHCPText {
    static func utf8(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    /// Removes 0x00–0x1F and 0x7F (the bytes of multi-byte UTF-8 characters are all ≥ 0x80).
    static func withoutControlCharacters(_ bytes: [UInt8]) -> [UInt8] {
        bytes.filter { $0 >= 0x20 && $0 != 0x7F }
    }
}

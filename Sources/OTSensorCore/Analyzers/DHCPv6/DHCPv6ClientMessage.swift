/// The options dhcpv6.log takes from one DHCPv6 message (LOGS.md §6.11), read
/// as the existing sensor's DHCPV6 parser reads them; a repeated option's last
/// occurrence wins.
struct DHCPv6ClientMessage: Equatable {
    /// Option 39's name bytes (after the flags byte and the first label's
    /// length byte), control bytes removed; nil when absent or empty.
    var hostname: [UInt8]?
    /// Option 16's enterprise number (0 when absent).
    var enterpriseNumber: UInt32 = 0
    /// Option 16's text after the first vendor-class-data length.
    var vendorClass: [UInt8] = []
    /// Option 6's codes.
    var requestedOptions: [UInt16] = []
}

/// Why a DHCPv6 message was not logged; the raw value is the manifest's anomaly name.
enum DHCPv6ParseError: String, Error {
    case truncatedHeader = "dhcpv6.truncated_header"
    case truncatedOption = "dhcpv6.option_truncated"
    case clientFQDNTooShort = "dhcpv6.client_fqdn_length_under_2"
    case vendorClassTooShort = "dhcpv6.vendor_class_length_under_6"
    case oddOptionRequestLength = "dhcpv6.option_request_odd_length"
}

extension DHCPv6ClientMessage {
    static func headerLength(messageType: UInt8) -> Int {
        // RELAY-FORW and RELAY-REPL: hop count, link address, peer address.
        messageType == 12 || messageType == 13 ? 34 : 4
    }

    init(parsing payload: UnsafeRawBufferPointer) throws(DHCPv6ParseError) {
        guard let type = payload.first, payload.count >= Self.headerLength(messageType: type) else {
            throw .truncatedHeader
        }
        var cursor = ByteCursor(payload, offset: Self.headerLength(messageType: type))
        while !cursor.isAtEnd {
            guard let code = cursor.readUInt16BE(), let length = cursor.readUInt16BE().map(Int.init),
                  let data = cursor.readBytes(length) else { throw .truncatedOption }
            switch code {
            case 39:
                guard length >= 2 else { throw .clientFQDNTooShort }
                let name = data.dropFirst(2)
                hostname = name.isEmpty ? nil : name.filter { $0 >= 0x20 && $0 != 0x7F }
            case 16:
                guard length >= 6 else { throw .vendorClassTooShort }
                var option = ByteCursor(data)
                enterpriseNumber = option.readUInt32BE() ?? 0
                vendorClass = Array(data.dropFirst(6))
            case 6:
                guard length % 2 == 0 else { throw .oddOptionRequestLength }
                var option = ByteCursor(data)
                requestedOptions = []
                while let requested = option.readUInt16BE() { requestedOptions.append(requested) }
            default:
                break
            }
        }
    }

    /// FingerPrint: the enterprise number (when not 0) followed by the
    /// requested options; nil when both are missing.
    var fingerprint: [UInt32]? {
        if enterpriseNumber != 0 { return [enterpriseNumber] + requestedOptions.map(UInt32.init) }
        return requestedOptions.isEmpty ? nil : requestedOptions.map(UInt32.init)
    }
}

extension DHCPv6ClientMessage: Hashable, Sendable {}

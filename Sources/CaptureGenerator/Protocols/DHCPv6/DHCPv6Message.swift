/// DHCPv6 client messages (RFC 8415) built from options, for dhcpv6.log scenarios.
public struct DHCPv6Message: Sendable {
    /// One option: code, length, data. `length` defaults to the data's size;
    /// tests of malformed messages set it otherwise.
    public struct Option: Sendable {
        public var code: UInt16
        public var length: UInt16?
        public var data: [UInt8]

        public init(code: UInt16, length: UInt16? = nil, data: [UInt8]) {
            self.code = code
            self.length = length
            self.data = data
        }

        public static func clientID(_ duid: [UInt8]) -> Option { Option(code: 1, data: duid) }
        public static func elapsedTime(_ hundredths: UInt16) -> Option {
            Option(code: 8, data: [UInt8(hundredths >> 8), UInt8(truncatingIfNeeded: hundredths)])
        }

        /// Client FQDN (RFC 4704): flags, then the name as DNS labels ending with the root label.
        public static func clientFQDN(flags: UInt8 = 0, _ name: String) -> Option {
            var data: [UInt8] = [flags]
            for label in name.split(separator: ".") { data += [UInt8(label.utf8.count)] + Array(label.utf8) }
            return Option(code: 39, data: data + [0])
        }

        /// Vendor Class (RFC 8415 §21.16): enterprise number, then length-prefixed data items.
        public static func vendorClass(enterprise: UInt32, _ items: [String]) -> Option {
            var data: [UInt8] = []
            data.appendBE(enterprise)
            for item in items {
                data.appendBE(UInt16(item.utf8.count))
                data += Array(item.utf8)
            }
            return Option(code: 16, data: data)
        }

        public static func optionRequest(_ codes: [UInt16]) -> Option {
            var data: [UInt8] = []
            for code in codes { data.appendBE(code) }
            return Option(code: 6, data: data)
        }

        public var bytes: [UInt8] {
            var out: [UInt8] = []
            out.appendBE(code)
            out.appendBE(length ?? UInt16(data.count))
            return out + data
        }
    }

    public var messageType: UInt8
    public var transactionID: UInt32 = 0xC8_5FB6
    public var options: [Option]

    public init(messageType: UInt8 = 1, options: [Option]) {
        self.messageType = messageType
        self.options = options
    }

    /// A RELAY-FORW (12) message: hop count, link and peer address, then `options`.
    public static func relayForward(linkAddress: IPv6Address, peerAddress: IPv6Address, options: [Option]) -> [UInt8] {
        [12, 0] + linkAddress.bytes + peerAddress.bytes + options.flatMap(\.bytes)
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = [messageType, UInt8(truncatingIfNeeded: transactionID >> 16),
                            UInt8(truncatingIfNeeded: transactionID >> 8), UInt8(truncatingIfNeeded: transactionID)]
        for option in options { out += option.bytes }
        return out
    }
}

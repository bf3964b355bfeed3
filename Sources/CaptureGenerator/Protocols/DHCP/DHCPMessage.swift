/// DHCPv4 messages (RFC 2131) built from their fields, for dhcp2.log scenarios.
public struct DHCPMessage: Sendable {
    /// One option as it goes on the wire: code, length byte, data. `length`
    /// defaults to the data's size; tests of malformed lists set it otherwise.
    public struct Option: Sendable {
        public var code: UInt8
        public var length: UInt8?
        public var data: [UInt8]

        public init(code: UInt8, length: UInt8? = nil, data: [UInt8]) {
            self.code = code
            self.length = length
            self.data = data
        }

        public static func messageType(_ type: UInt8) -> Option { Option(code: 53, data: [type]) }
        public static func hostname(_ name: String) -> Option { Option(code: 12, data: Array(name.utf8)) }
        public static func parameterRequestList(_ codes: [UInt8]) -> Option { Option(code: 55, data: codes) }
        public static func classID(_ text: String) -> Option { Option(code: 60, data: Array(text.utf8)) }
        public static func requestedAddress(_ address: IPv4Address) -> Option { Option(code: 50, data: address.bytes) }
        public static func clientID(type: UInt8, _ id: [UInt8]) -> Option { Option(code: 61, data: [type] + id) }

        var bytes: [UInt8] { [code, length ?? UInt8(data.count)] + data }
    }

    public var op: UInt8 = 1
    public var transactionID: UInt32 = 0x3903_F326
    public var clientAddress: IPv4Address = "0.0.0.0"
    public var yourAddress: IPv4Address = "0.0.0.0"
    public var hardwareAddress: [UInt8]
    /// nil: the length of `hardwareAddress`.
    public var hardwareAddressLength: UInt8?
    public var magicCookie: UInt32 = 0x6382_5363
    public var options: [Option]
    /// Appends END (255) after the options.
    public var endsWithEnd = true

    public init(hardwareAddress: [UInt8], options: [Option]) {
        self.hardwareAddress = hardwareAddress
        self.options = options
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = [op, 1, hardwareAddressLength ?? UInt8(hardwareAddress.count), 0]
        out.appendBE(transactionID)
        out.appendBE(UInt16(0))                 // secs
        out.appendBE(UInt16(0x8000))            // flags: broadcast
        out += clientAddress.bytes + yourAddress.bytes
        out += [UInt8](repeating: 0, count: 8)  // siaddr, giaddr
        out += (hardwareAddress + [UInt8](repeating: 0, count: 16)).prefix(16)
        out += [UInt8](repeating: 0, count: 64 + 128)   // sname, file
        out.appendBE(magicCookie)
        for option in options { out += option.bytes }
        if endsWithEnd { out.append(255) }
        return out
    }
}

/// What the signature engine needs from a TLS ClientHello: the announced
/// version, the server name (SNI) and the ALPN protocol list.
///
/// The layout follows RFC 8446 §4.1.2 as Zeek's binpac grammar reads it
/// (tls-handshake-protocol.pac): an odd cipher-suite length is read as its
/// whole pairs, DTLS versions carry a cookie, and the extensions fill the rest
/// of the message whatever their announced total says.
public struct TLSClientHello: Sendable, Equatable {
    public var version: UInt16
    /// The first host_name of the server_name extension, as sent.
    public var serverNameBytes: [UInt8]?
    /// The application_layer_protocol_negotiation list, in the client's order.
    public var alpnProtocolBytes: [[UInt8]] = []

    public var serverName: String? {
        serverNameBytes.map { String(decoding: $0, as: UTF8.self) }
    }

    public var alpnProtocols: [String] {
        alpnProtocolBytes.map { String(decoding: $0, as: UTF8.self) }
    }

    static let serverNameExtension: UInt16 = 0
    static let alpnExtension: UInt16 = 16

    /// Parses a ClientHello body (after the 4-byte handshake header); `nil`
    /// where Zeek's parser would throw: a field or extension running past the
    /// message.
    static func parse(_ body: UnsafeRawBufferPointer) -> TLSClientHello? {
        var cursor = ByteCursor(body)
        guard let version = cursor.readUInt16BE(), cursor.skip(32),
              let sessionLength = cursor.readUInt8(), cursor.skip(Int(sessionLength)) else { return nil }
        if version == 0xFEFF || version == 0xFEFD {
            guard let cookieLength = cursor.readUInt8(), cursor.skip(Int(cookieLength)) else { return nil }
        }
        guard let suitesLength = cursor.readUInt16BE(), cursor.skip(Int(suitesLength) / 2 * 2),
              let methodsLength = cursor.readUInt8(), cursor.skip(Int(methodsLength)) else { return nil }
        var hello = TLSClientHello(version: version)
        guard !cursor.isAtEnd else { return hello }
        guard cursor.skip(2) else { return nil }
        while !cursor.isAtEnd {
            guard let type = cursor.readUInt16BE(), let length = cursor.readUInt16BE(),
                  let data = cursor.readBytes(Int(length)) else { return nil }
            switch type {
            case serverNameExtension:
                guard hello.readServerName(data) else { return nil }
            case alpnExtension:
                guard hello.readALPN(data) else { return nil }
            default:
                continue
            }
        }
        return hello
    }

    /// RFC 6066 §3: a list of (type, name); type 0 is a host name.
    private mutating func readServerName(_ data: UnsafeRawBufferPointer) -> Bool {
        var cursor = ByteCursor(data)
        guard let listLength = cursor.readUInt16BE(), let list = cursor.readBytes(Int(listLength)) else {
            return data.isEmpty
        }
        var names = ByteCursor(list)
        while !names.isAtEnd {
            guard let type = names.readUInt8(), let length = names.readUInt16BE(),
                  let name = names.readBytes(Int(length)) else { return false }
            if type == 0, serverNameBytes == nil { serverNameBytes = Array(name) }
        }
        return true
    }

    /// RFC 7301 §3.1: a list of length-prefixed protocol names.
    private mutating func readALPN(_ data: UnsafeRawBufferPointer) -> Bool {
        var cursor = ByteCursor(data)
        guard let listLength = cursor.readUInt16BE(), let list = cursor.readBytes(Int(listLength)) else {
            return false
        }
        var names = ByteCursor(list)
        while !names.isAtEnd {
            guard let length = names.readUInt8(), let name = names.readBytes(Int(length)) else { return false }
            alpnProtocolBytes.append(Array(name))
        }
        return true
    }
}

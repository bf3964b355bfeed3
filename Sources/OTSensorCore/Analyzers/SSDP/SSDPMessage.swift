/// What ssdp.log takes from one SSDP datagram (LOGS.md §6.12): the kind of
/// message from its start line and the SERVER or USER-AGENT header's value.
struct SSDPMessage: Hashable, Sendable {
    enum Method: Hashable, Sendable {
        case notify, searchRequest, searchResponse

        var logName: StaticString {
            switch self {
            case .notify: "NOTIFY"
            case .searchRequest: "M-SEARCH Request"
            case .searchResponse: "M-SEARCH Response"
            }
        }
    }

    /// nil when the start line is none of the three exact forms.
    var method: Method?
    /// The value of the last matching header line; nil when none matched.
    var agent: [UInt8]?
}

/// Why a datagram was not logged; the raw value is the manifest's anomaly name.
enum SSDPParseError: String, Error {
    case empty = "ssdp.empty_datagram"
    case unterminatedLine = "ssdp.line_without_crlf"
}

extension SSDPMessage {
    private static let notify = Array("NOTIFY * HTTP/1.1".utf8)
    private static let search = Array("M-SEARCH * HTTP/1.1".utf8)
    private static let ok = Array("HTTP/1.1 200 OK".utf8)
    private static let server = Array("SERVER: ".utf8)
    private static let userAgent = Array("USER-AGENT: ".utf8)

    /// Every part of the datagram must end with CR LF, or nothing is logged.
    init(parsing payload: UnsafeRawBufferPointer) throws(SSDPParseError) {
        guard !payload.isEmpty else { throw .empty }
        var start = 0
        var isStartLine = true
        var wanted: [UInt8] = []
        while start < payload.count {
            guard let end = Self.lineEnd(in: payload, from: start) else { throw .unterminatedLine }
            let line = UnsafeRawBufferPointer(rebasing: payload[start..<end])
            if isStartLine {
                method = Self.method(of: line)
                wanted = method == .searchRequest ? Self.userAgent : method == nil ? [] : Self.server
                isStartLine = false
            } else if !wanted.isEmpty, let value = Self.value(of: line, named: wanted) {
                agent = value
            }
            start = end + 2
        }
    }

    /// The offset of the CR of the next CR LF at or after `start`.
    private static func lineEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == 0x0D && bytes[i + 1] == 0x0A { return i }
            i += 1
        }
        return nil
    }

    private static func method(of line: UnsafeRawBufferPointer) -> Method? {
        if line.elementsEqual(notify) { return .notify }
        if line.elementsEqual(search) { return .searchRequest }
        if line.elementsEqual(ok) { return .searchResponse }
        return nil
    }

    /// The rest of the line after its first space, when the part up to and
    /// including that space, upper-cased, is `name`.
    private static func value(of line: UnsafeRawBufferPointer, named name: [UInt8]) -> [UInt8]? {
        guard let space = line.firstIndex(of: 0x20), space + 1 == name.count else { return nil }
        for (byte, expected) in zip(line[...space], name) where upperCased(byte) != expected { return nil }
        return Array(line[(space + 1)...])
    }

    private static func upperCased(_ byte: UInt8) -> UInt8 {
        byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
    }
}

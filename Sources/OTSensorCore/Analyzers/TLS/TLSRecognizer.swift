/// Recognises SSL/TLS as Zeek's SSL analyzer does (conn.log `service` "ssl").
///
/// Zeek confirms on a ClientHello whose version it accepts, in TLS framing or
/// in the SSLv2-compatible framing old clients use, whichever side sends it.
/// It violates on a record header that is neither (a wrong record-layer
/// version or content type, an SSLv2 header that is no client or server
/// hello), on a record type or handshake message type it does not know, on a
/// hello version it does not accept, and on a ClientHello that does not parse.
/// After a content gap it stops parsing without a verdict.
///
/// Handshake messages may span records and segments: each direction keeps
/// the handshake bytes of its records, up to `handshakeCapacity`.
public struct TLSRecognizer: ServiceRecognizer {
    public static let service = "ssl"

    /// The largest handshake message buffered; a ClientHello is far smaller.
    static let handshakeCapacity = 16 * 1024

    /// The ClientHello once confirmed, for the signature engine (SNI, ALPN).
    public private(set) var clientHello: TLSClientHello?

    /// The record-layer version, fixed by the first TLS record of either
    /// direction (`record_layer_version_`); `sslV2` after an SSLv2 server hello.
    private var recordLayer: UInt16?
    private var orig = TLSDirection()
    private var resp = TLSDirection()
    private var hadGap = false

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        guard !hadGap else { return .undecided }
        var direction = isOrig ? orig : resp
        if isOrig { orig = TLSDirection() } else { resp = TLSDirection() }
        defer { if isOrig { orig = direction } else { resp = direction } }
        var offset = 0
        while offset < bytes.count {
            if direction.recordRemaining == 0 {
                let wanted = 5 - direction.header.count
                let take = min(wanted, bytes.count - offset)
                direction.header.append(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
                offset += take
                guard direction.header.count == 5 else { return .undecided }
                let header = direction.header.withBytes { Array($0) }
                direction.header.removeAll()
                if let verdict = startRecord(header, isOrig: isOrig, direction: &direction) { return verdict }
                if direction.recordRemaining == 0, let verdict = finishRecord(isOrig: isOrig, direction: &direction) {
                    return verdict
                }
                continue
            }
            let take = min(direction.recordRemaining, bytes.count - offset)
            if direction.keepsRecordBody {
                direction.handshake.append(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            }
            offset += take
            direction.recordRemaining -= take
            if direction.recordRemaining == 0, let verdict = finishRecord(isOrig: isOrig, direction: &direction) {
                return verdict
            }
        }
        return .undecided
    }

    public mutating func gap(length: UInt64, isOrig: Bool) -> RecognizerVerdict {
        hadGap = true
        return .undecided
    }

    /// `determine_ssl_record_layer`: checks a 5-byte record header and sets
    /// up the record body's handling; a verdict only on a violation.
    private mutating func startRecord(_ head: [UInt8], isOrig: Bool,
                                      direction: inout TLSDirection) -> RecognizerVerdict? {
        let tlsVersion = UInt16(head[1]) << 8 | UInt16(head[2])
        if let layer = recordLayer, layer != TLSVersions.sslV2, !TLSVersions.isRecordLayer(tlsVersion) {
            return .violated(reason: "ssl.invalid_late_record_version")
        }
        let isV2: Bool
        if let layer = recordLayer {
            isV2 = layer == TLSVersions.sslV2
        } else if head[0] & 0x80 != 0 {
            let helloVersion = UInt16(head[3]) << 8 | UInt16(head[4])
            if head[2] == 0x01, isOrig {
                guard TLSVersions.isSSLv2ClientHello(helloVersion) else {
                    return .violated(reason: "ssl.invalid_v2_client_hello_version")
                }
            } else if head[2] == 0x04, head[4] < 2, !isOrig {
                recordLayer = TLSVersions.sslV2
            } else {
                return .violated(reason: "ssl.invalid_headers")
            }
            isV2 = true
        } else {
            guard TLSVersions.isRecordLayer(tlsVersion) else { return .violated(reason: "ssl.invalid_record_version") }
            guard (20...30).contains(head[0]) else { return .violated(reason: "ssl.invalid_record_type") }
            recordLayer = tlsVersion
            isV2 = false
        }
        if isV2 {
            let length = (Int(head[0] & 0x7F) << 8 | Int(head[1])) - 3
            guard length >= 0 else { return .violated(reason: "ssl.invalid_v2_record_length") }
            direction.startV2Record(type: head[2], helloVersion: UInt16(head[3]) << 8 | UInt16(head[4]), length: length)
            return nil
        }
        switch head[0] {
        case 20:
            direction.sawChangeCipherSpec = true
        case 21...24:
            break
        default:
            return .violated(reason: "ssl.unknown_record_type")
        }
        direction.startRecord(isHandshake: head[0] == 22, length: Int(head[3]) << 8 | Int(head[4]))
        return nil
    }

    /// A record's body has arrived: parse what the analyzer would parse.
    private mutating func finishRecord(isOrig: Bool, direction: inout TLSDirection) -> RecognizerVerdict? {
        if let v2 = direction.v2Record {
            direction.v2Record = nil
            let verdict = direction.handshake.withBytes { finishV2Record(v2, body: $0) }
            direction.handshake.removeAll()
            return verdict
        }
        guard direction.keepsRecordBody else { return nil }
        while direction.handshake.count >= 4 {
            let next = direction.handshake.withBytes { bytes -> (verdict: RecognizerVerdict?, used: Int)? in
                let length = Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
                guard bytes.count >= 4 + length else { return nil }
                let body = UnsafeRawBufferPointer(rebasing: bytes[4..<(4 + length)])
                return (handshakeMessage(type: bytes[0], body: body), 4 + length)
            }
            guard let next else {
                if direction.handshake.count >= Self.handshakeCapacity {
                    direction.handshake.removeAll()
                    direction.handshakeOverflowed = true
                    direction.keepsRecordBody = false
                }
                return nil
            }
            direction.handshake.removeFirst(next.used)
            if let verdict = next.verdict { return verdict }
        }
        return nil
    }

    private mutating func handshakeMessage(type: UInt8, body: UnsafeRawBufferPointer) -> RecognizerVerdict? {
        switch type {
        case 1:
            guard let hello = TLSClientHello.parse(body) else { return .violated(reason: "ssl.malformed_client_hello") }
            guard TLSVersions.isAcceptedHello(hello.version) else {
                return .violated(reason: "ssl.unsupported_client_version")
            }
            clientHello = hello
            return .confirmed
        case 2:
            var cursor = ByteCursor(body)
            guard let version = cursor.readUInt16BE() else { return .violated(reason: "ssl.malformed_server_hello") }
            return TLSVersions.isAcceptedHello(version) ? nil : .violated(reason: "ssl.unsupported_server_version")
        case 0, 3, 4, 11, 12, 13, 14, 15, 16, 20, 21, 22:
            return nil
        default:
            return .violated(reason: "ssl.unknown_handshake_message")
        }
    }

    /// SSLv2 records (SSLv2 §2.5, §2.6): the client hello confirms once its
    /// lists fit the record; the server hello must announce version 2.
    private mutating func finishV2Record(_ record: TLSDirection.V2Record,
                                         body: UnsafeRawBufferPointer) -> RecognizerVerdict? {
        var cursor = ByteCursor(body)
        switch record.type {
        case 0x01:
            guard let suites = cursor.readUInt16BE(), let session = cursor.readUInt16BE(),
                  let challenge = cursor.readUInt16BE(),
                  cursor.skip(Int(suites) / 3 * 3 + Int(session) + Int(challenge)) else {
                return .violated(reason: "ssl.malformed_v2_client_hello")
            }
            clientHello = TLSClientHello(version: record.helloVersion)
            return .confirmed
        case 0x04:
            guard let version = cursor.readUInt16BE() else { return .violated(reason: "ssl.malformed_v2_server_hello") }
            return version == TLSVersions.sslV2 ? nil : .violated(reason: "ssl.invalid_v2_server_hello_version")
        case 0x00, 0x02:
            return nil
        default:
            return .violated(reason: "ssl.unknown_record_type")
        }
    }
}

/// The record-layer position of one direction of a TLS connection.
struct TLSDirection: Sendable {
    struct V2Record: Sendable {
        var type: UInt8
        var helloVersion: UInt16
    }

    var header = RecognizerBuffer(capacity: 5)
    /// Body bytes of the current record not yet seen.
    var recordRemaining = 0
    /// Whether the current record's body is kept: handshake records before
    /// ChangeCipherSpec (after it they are encrypted), and SSLv2 records.
    var keepsRecordBody = false
    var sawChangeCipherSpec = false
    /// A handshake message longer than the buffer: the direction's later
    /// handshake bytes are left unparsed rather than misread.
    var handshakeOverflowed = false
    var v2Record: V2Record?
    /// Handshake bytes across records, or the current SSLv2 record's body.
    var handshake = RecognizerBuffer(capacity: TLSRecognizer.handshakeCapacity)

    mutating func startRecord(isHandshake: Bool, length: Int) {
        recordRemaining = length
        keepsRecordBody = isHandshake && !sawChangeCipherSpec && !handshakeOverflowed
    }

    mutating func startV2Record(type: UInt8, helloVersion: UInt16, length: Int) {
        handshake.removeAll()
        v2Record = V2Record(type: type, helloVersion: helloVersion)
        recordRemaining = length
        keepsRecordBody = true
    }
}

/// One HTTP request/response pair as Zeek's `HTTP::Info` holds it, plus what a
/// later consumer (the signature engine) inspects beyond http.log: the raw
/// request line, every header of both messages, the cookie, the content type
/// and where each body lies in its direction's stream.
///
/// Text fields are the bytes as sent (no character set is assumed); `uri` is
/// Zeek's unescaped URI, `originalURI` the URI as it appeared on the wire.
public struct HTTPTransaction: Sendable {
    /// When the pair was created: the request line (or the response, if that came first).
    public var time: Timestamp
    /// 1-based position of the pair in the connection (`trans_depth`).
    public var depth: Int
    public var method: [UInt8]?
    public var uri: [UInt8]?
    public var originalURI: [UInt8]?
    public var requestLine: [UInt8]?
    public var host: [UInt8]?
    public var referrer: [UInt8]?
    public var userAgent: [UInt8]?
    public var origin: [UInt8]?
    public var cookie: [UInt8]?
    public var requestContentType: [UInt8]?
    public var responseContentType: [UInt8]?
    /// The response's HTTP version as Zeek prints it ("1.1", "0.9").
    public var version: [UInt8]?
    public var requestBodyLength: UInt64 = 0
    public var responseBodyLength: UInt64 = 0
    public var statusCode: Int?
    public var statusMessage: [UInt8]?
    public var infoCode: Int?
    public var infoMessage: [UInt8]?
    public var username: [UInt8]?
    /// Only set when passwords are captured, which Zeek's default (and ours) is not.
    public var password: [UInt8]?
    /// `NAME -> value` for each proxy-revealing request header, in arrival order.
    public var proxied: [[UInt8]] = []
    public var requestHeaders: [HTTPHeaderField] = []
    public var responseHeaders: [HTTPHeaderField] = []
    /// Where each body lies in its direction's stream (offsets of in-order
    /// payload bytes), transfer framing included; nil when there was none.
    public var requestBody: HTTPBodySpan?
    public var responseBody: HTTPBodySpan?
    /// The request had a Range header: the response's file is named by its URL.
    public var rangeRequest = false
    /// Entities begun in each direction (Zeek's `orig_mime_depth`/`resp_mime_depth`).
    public var origMimeDepth = 0
    public var respMimeDepth = 0
    public var origFiles = HTTPFiles()
    public var respFiles = HTTPFiles()
    /// The entity being read, of either direction (Zeek's `current_entity`).
    var currentEntity: HTTPCurrentEntity?
    /// The link-layer addresses of the connection when a message of the pair
    /// completed (osect's `orig_l2_addr`/`resp_l2_addr`); nil until then.
    public var l2Addresses: (orig: MACAddress, resp: MACAddress)?
    /// What the signature engine reads beyond Zeek's fields; filled only
    /// when the rules read HTTP buffers, and not carried between slices.
    public var inspection = HTTPInspectionRecord()

    public init(time: Timestamp, depth: Int) {
        self.time = time
        self.depth = depth
    }
}

/// One header line of a message: the name as sent and the value with leading
/// white space removed (Zeek's `MIME_Header`), folded lines joined.
public struct HTTPHeaderField: Sendable, Equatable {
    public var name: [UInt8]
    public var value: [UInt8]
}

/// A byte range of one direction's stream.
public struct HTTPBodySpan: Sendable, Equatable {
    public var start: UInt64
    public var end: UInt64
}

extension HTTPTransaction {
    /// A request still waiting for its reply when the slice ends.
    func carry(into writer: inout StateWriter) {
        writer.put(time)
        writer.put(depth)
        let texts = [method, uri, originalURI, requestLine, host, referrer, userAgent, origin, cookie,
                     requestContentType, responseContentType, version, statusMessage, infoMessage, username, password]
        for text in texts {
            writer.put(text != nil)
            writer.put(text ?? [])
        }
        writer.put(requestBodyLength)
        writer.put(responseBodyLength)
        for code in [statusCode, infoCode] { writer.put(code ?? -1) }
        writer.put(UInt64(proxied.count))
        for value in proxied { writer.put(value) }
        for headers in [requestHeaders, responseHeaders] {
            writer.put(UInt64(headers.count))
            for field in headers {
                writer.put(field.name)
                writer.put(field.value)
            }
        }
        for body in [requestBody, responseBody] {
            writer.put(body != nil)
            writer.put(body?.start ?? 0)
            writer.put(body?.end ?? 0)
        }
        writer.put(l2Addresses != nil)
        writer.put(l2Addresses?.orig ?? .zero)
        writer.put(l2Addresses?.resp ?? .zero)
        writer.put(rangeRequest)
        writer.put(origMimeDepth)
        writer.put(respMimeDepth)
        origFiles.carry(into: &writer)
        respFiles.carry(into: &writer)
        writer.put(currentEntity != nil)
        writer.put(currentEntity?.filename != nil)
        writer.put(currentEntity?.filename ?? [])
    }

    init(carriedFrom reader: inout StateReader) throws {
        self.init(time: try reader.timestamp(), depth: try reader.int())
        var texts: [[UInt8]?] = []
        for _ in 0..<16 {
            let present = try reader.bool(), text = try reader.byteString()
            texts.append(present ? text : nil)
        }
        (method, uri, originalURI, requestLine) = (texts[0], texts[1], texts[2], texts[3])
        (host, referrer, userAgent, origin, cookie) = (texts[4], texts[5], texts[6], texts[7], texts[8])
        (requestContentType, responseContentType, version) = (texts[9], texts[10], texts[11])
        (statusMessage, infoMessage, username, password) = (texts[12], texts[13], texts[14], texts[15])
        requestBodyLength = try reader.uint64()
        responseBodyLength = try reader.uint64()
        let status = try reader.int(), info = try reader.int()
        statusCode = status < 0 ? nil : status
        infoCode = info < 0 ? nil : info
        proxied = try (0..<reader.count()).map { _ in try reader.byteString() }
        requestHeaders = try (0..<reader.count()).map { _ in
            HTTPHeaderField(name: try reader.byteString(), value: try reader.byteString())
        }
        responseHeaders = try (0..<reader.count()).map { _ in
            HTTPHeaderField(name: try reader.byteString(), value: try reader.byteString())
        }
        var bodies: [HTTPBodySpan?] = []
        for _ in 0..<2 {
            let present = try reader.bool(), start = try reader.uint64(), end = try reader.uint64()
            bodies.append(present ? HTTPBodySpan(start: start, end: end) : nil)
        }
        (requestBody, responseBody) = (bodies[0], bodies[1])
        let hasL2 = try reader.bool(), orig = try reader.macAddress(), resp = try reader.macAddress()
        l2Addresses = hasL2 ? (orig, resp) : nil
        rangeRequest = try reader.bool()
        origMimeDepth = try reader.int()
        respMimeDepth = try reader.int()
        origFiles = try HTTPFiles(carriedFrom: &reader)
        respFiles = try HTTPFiles(carriedFrom: &reader)
        let hasEntity = try reader.bool(), hasFilename = try reader.bool(), filename = try reader.byteString()
        currentEntity = hasEntity ? HTTPCurrentEntity(filename: hasFilename ? filename : nil) : nil
    }
}

/// The entity of a pair being read, as Zeek's `HTTP::Entity`: the file name
/// its headers gave.
struct HTTPCurrentEntity: Sendable {
    var filename: [UInt8]?
}

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
    /// The link-layer addresses of the connection when a message of the pair
    /// completed (osect's `orig_l2_addr`/`resp_l2_addr`); nil until then.
    public var l2Addresses: (orig: MACAddress, resp: MACAddress)?

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

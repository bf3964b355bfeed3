/// One HTTP transaction as far as it got, in the form the HTTP sticky
/// buffers are made from: the feeder (the HTTP analyzer) fills it, and
/// `HTTPBuffers` turns it into Suricata's buffers for one direction.
public struct HTTPBufferSource: Sendable {
    public struct Header: Sendable, Equatable {
        public var name: [UInt8]
        public var value: [UInt8]

        public init(name: [UInt8], value: [UInt8]) {
            self.name = name
            self.value = value
        }
    }

    /// The request line as sent, without its line end; nil before it came.
    public var requestLine: [UInt8]?
    public var method: [UInt8]?
    /// The request URI as sent.
    public var uri: [UInt8]?
    public var requestHeaders: [Header] = []
    public var requestHeadersComplete = false
    /// The request body, dechunked, up to the body limit.
    public var requestBody: [UInt8]?
    /// The status line as sent, without its line end.
    public var statusLine: [UInt8]?
    public var responseHeaders: [Header] = []
    public var responseHeadersComplete = false
    /// The response body, dechunked and decompressed, up to the body limit.
    public var responseBody: [UInt8]?

    public init() {}
}

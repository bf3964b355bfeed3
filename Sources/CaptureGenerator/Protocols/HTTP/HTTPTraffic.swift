/// HTTP/1.1 conversations over whole TCP connections, for the HTTP tests and
/// benchmarks: keep-alive, pipelining, chunked and large bodies, a 100
/// Continue before the final response, HEAD, and HTTP on a port that is not
/// an HTTP port. Segments are cut at the MSS, as a sender would.
public enum HTTPTraffic {
    public static let client: HostAddress = "10.20.0.5"
    public static let server: HostAddress = "10.20.0.80"
    static let segmentSize = 1_460

    /// One request and its responses (interim ones first) on the wire.
    public struct Exchange: Sendable {
        public var request: [UInt8]
        public var responses: [[UInt8]]
        /// A request body sent only after the first response (`Expect: 100-continue`).
        public var delayedRequestBody: [UInt8] = []

        public init(request: [UInt8], responses: [[UInt8]], delayedRequestBody: [UInt8] = []) {
            self.request = request
            self.responses = responses
            self.delayedRequestBody = delayedRequestBody
        }
    }

    /// A request: the request line, `Host`, the extra headers, and a body with its Content-Length.
    public static func request(_ method: String, _ uri: String, host: String, headers: [String] = [],
                               body: [UInt8] = []) -> [UInt8] {
        var lines = ["\(method) \(uri) HTTP/1.1", "Host: \(host)", "User-Agent: capture-gen/1.0"] + headers
        if !body.isEmpty { lines.append("Content-Length: \(body.count)") }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
    }

    /// A response with a Content-Length body.
    public static func response(_ code: Int, _ reason: String, body: [UInt8], headers: [String] = [],
                                lengthHeader: Int? = nil) -> [UInt8] {
        let lines = ["HTTP/1.1 \(code) \(reason)", "Content-Type: text/plain",
                     "Content-Length: \(lengthHeader ?? body.count)"] + headers
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
    }

    /// A chunked response cutting `body` into chunks of the given sizes (the
    /// rest in one last chunk), with a chunk extension on the first.
    public static func chunkedResponse(body: [UInt8], chunkSizes: [Int]) -> [UInt8] {
        var bytes = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        var rest = body[...]
        var sizes = chunkSizes
        while !rest.isEmpty {
            let size = min(sizes.isEmpty ? rest.count : sizes.removeFirst(), rest.count)
            let extensionText = bytes.count < 100 ? ";name=value" : ""
            bytes += Array((String(size, radix: 16) + extensionText + "\r\n").utf8) + rest.prefix(size) + [0x0D, 0x0A]
            rest = rest.dropFirst(size)
        }
        return bytes + Array("0\r\n\r\n".utf8)
    }

    /// An interim `100 Continue`.
    public static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// `count` bytes of printable text that vary with `seed`.
    public static func body(_ count: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8(0x61 + random.next() % 26) }
    }

    /// One connection from `clientPort` to `serverPort` carrying `exchanges`
    /// one after another (keep-alive), or all requests first when `pipelined`.
    public static func connection(clientPort: UInt16, serverPort: UInt16, exchanges: [Exchange], pipelined: Bool = false,
                                  start: CaptureTime) -> [Packet] {
        var tcp = TCPConversation(client: client, clientPort: clientPort, server: server, serverPort: serverPort,
                                  clock: PacketClock(start: start))
        tcp.syn()
        tcp.synAck()
        tcp.ack(from: .client)
        if pipelined {
            send(exchanges.flatMap(\.request), from: .client, on: &tcp)
            for exchange in exchanges { send(exchange.responses.flatMap { $0 }, from: .server, on: &tcp) }
        } else {
            for exchange in exchanges {
                send(exchange.request, from: .client, on: &tcp)
                for (index, response) in exchange.responses.enumerated() {
                    send(response, from: .server, on: &tcp)
                    if index == 0 && !exchange.delayedRequestBody.isEmpty {
                        send(exchange.delayedRequestBody, from: .client, on: &tcp)
                    }
                }
            }
        }
        tcp.fin(from: .client)
        tcp.fin(from: .server)
        tcp.ack(from: .client)
        return tcp.packets
    }

    /// The scenarios the tests check against tshark, in time order.
    public static func sampleCapture(start seconds: Int64 = 1_700_100_000) -> [Packet] {
        let at = { (offset: Int64) in CaptureTime(seconds: seconds + offset) }
        var packets: [Packet] = []
        packets += connection(clientPort: 50_001, serverPort: 80, exchanges: [
            Exchange(request: request("GET", "/index.html", host: "www.example.com"),
                     responses: [response(200, "OK", body: body(512, seed: 1))]),
            Exchange(request: request("GET", "/style%20sheet.css?v=2", host: "www.example.com",
                                      headers: ["Referer: http://www.example.com/index.html"]),
                     responses: [response(404, "Not Found", body: body(37, seed: 2))]),
            Exchange(request: request("HEAD", "/index.html", host: "www.example.com"),
                     responses: [response(200, "OK", body: [], lengthHeader: 512)]),
        ], start: at(0))
        packets += connection(clientPort: 50_002, serverPort: 80, exchanges: [
            Exchange(request: request("GET", "/a", host: "pipe.example.com"),
                     responses: [response(200, "OK", body: body(10, seed: 3))]),
            Exchange(request: request("GET", "/b", host: "pipe.example.com"),
                     responses: [response(200, "OK", body: body(1_000, seed: 10))]),
            Exchange(request: request("GET", "/c", host: "pipe.example.com"),
                     responses: [response(301, "Moved Permanently", body: body(0, seed: 4),
                                          headers: ["Location: /d"])]),
        ], pipelined: true, start: at(1))
        packets += connection(clientPort: 50_003, serverPort: 8080, exchanges: [
            Exchange(request: request("GET", "/chunked", host: "chunks.example.com:8080"),
                     responses: [chunkedResponse(body: body(5_000, seed: 5), chunkSizes: [1, 700, 2_900])]),
        ], start: at(2))
        packets += connection(clientPort: 50_004, serverPort: 80, exchanges: [
            Exchange(request: request("GET", "/large.bin", host: "files.example.com"),
                     responses: [response(200, "OK", body: body(250_000, seed: 6))]),
        ], start: at(3))
        packets += connection(clientPort: 50_005, serverPort: 8000, exchanges: [
            Exchange(request: request("POST", "/upload", host: "api.example.com:8000",
                                      headers: ["Expect: 100-continue", "Content-Length: 3000"]),
                     responses: [continueResponse, response(201, "Created", body: body(20, seed: 7))],
                     delayedRequestBody: body(3_000, seed: 8)),
        ], start: at(4))
        packets += connection(clientPort: 50_006, serverPort: 8081, exchanges: [
            Exchange(request: request("GET", "/elsewhere", host: "odd.example.com:8081"),
                     responses: [response(200, "OK", body: body(99, seed: 9))]),
        ], start: at(5))
        return packets.sorted { $0.time < $1.time }
    }

    /// Splits `payload` into MSS-sized segments.
    private static func send(_ payload: [UInt8], from side: Side, on tcp: inout TCPConversation) {
        var offset = 0
        while offset < payload.count {
            let end = min(offset + segmentSize, payload.count)
            tcp.send(Array(payload[offset..<end]), from: side)
            offset = end
        }
    }
}

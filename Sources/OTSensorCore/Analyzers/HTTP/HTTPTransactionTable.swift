/// Zeek's http script state (`HTTP::State` and its event handlers): the
/// transactions waiting for their other half, keyed by depth, with Zeek's
/// rules for pairing pipelined requests and responses, for 1xx responses
/// that do not end a pair, and for when a pair is written.
struct HTTPTransactionTable {
    /// Zeek's `HTTP::max_pending_requests`.
    static let maximumPending = 100
    /// Zeek's `HTTP::proxy_headers`.
    private static let proxyHeaders: Set<[UInt8]> = Set(["FORWARDED", "X-FORWARDED-FOR", "X-FORWARDED-FROM", "CLIENT-IP",
                                                        "VIA", "XROXY-CONNECTION", "PROXY-CONNECTION"].map { Array($0.utf8) })

    private var pending: [Int: HTTPTransaction] = [:]
    private var currentRequest = 0
    private var currentResponse = 0
    private var depth = 0
    /// Range requests' files the connection has seen.
    private var rangeFiles: Set<HTTPFileID> = []
    /// Transactions written (complete, or flushed), in the order Zeek writes them.
    private(set) var written: [HTTPTransaction] = []

    /// Whether message progress is recorded for the signature engine.
    var recordsInspection = false
    /// Snapshots of the transactions that progressed, oldest first (one per
    /// transaction in a row: a later snapshot of the same one replaces it).
    private(set) var progressed: [HTTPTransaction] = []

    mutating func takeProgressed() -> [HTTPTransaction] {
        defer { progressed.removeAll(keepingCapacity: true) }
        return progressed
    }

    private mutating func recordProgress(_ key: Int) {
        guard recordsInspection, let transaction = pending[key] else { return }
        if progressed.last?.depth == transaction.depth {
            progressed[progressed.count - 1] = transaction
        } else {
            progressed.append(transaction)
        }
    }

    /// The status line as sent, which Suricata's `http.response_line` reads.
    mutating func statusLine(_ line: [UInt8], at now: Timestamp) {
        pending[state(isOrig: false, at: now)]!.inspection.statusLine = line
    }

    /// A message's headers ended: its header buffers can be inspected.
    mutating func headersComplete(isOrig: Bool, at now: Timestamp) {
        let key = state(isOrig: isOrig, at: now)
        if isOrig { pending[key]!.inspection.requestHeadersComplete = true } else {
            pending[key]!.inspection.responseHeadersComplete = true
        }
        recordProgress(key)
    }

    /// A body still arriving reached its minimal inspect size.
    mutating func bodyProgress(isOrig: Bool, body: [UInt8], at now: Timestamp) {
        let key = state(isOrig: isOrig, at: now)
        if isOrig { pending[key]!.inspection.requestBody = body } else { pending[key]!.inspection.responseBody = body }
        recordProgress(key)
    }

    mutating func takeWritten() -> [HTTPTransaction] {
        defer { written.removeAll(keepingCapacity: true) }
        return written
    }

    /// `http_request`; returns whether a response had come before it.
    mutating func request(_ line: HTTPRequestLine, raw: [UInt8], at now: Timestamp) -> Bool {
        let responseFirst = currentRequest < currentResponse
        if responseFirst { currentRequest = currentResponse }
        if pending.count > Self.maximumPending {
            if currentResponse == 0 { currentResponse += 1 }
            while currentResponse < currentRequest {
                if let transaction = pending.removeValue(forKey: currentResponse) { written.append(transaction) }
                currentResponse += 1
            }
        }
        currentRequest += 1
        let key = state(isOrig: true, at: now)
        pending[key]!.method = line.method
        pending[key]!.uri = line.uri
        pending[key]!.originalURI = line.originalURI
        pending[key]!.requestLine = raw
        return responseFirst
    }

    /// `http_reply`.
    mutating func reply(version: HTTPVersion, code: Int, reason: [UInt8], at now: Timestamp) {
        if let current = pending[currentResponse] {
            if let status = current.statusCode, !(100...199).contains(status) { currentResponse += 1 }
        } else {
            currentResponse += 1
        }
        let key = state(isOrig: false, at: now)
        pending[key]!.statusCode = code
        pending[key]!.statusMessage = reason
        pending[key]!.version = version.text
        if (100...199).contains(code) {
            pending[key]!.infoCode = code
            pending[key]!.infoMessage = reason
        }
    }

    /// `http_header`: the request headers http.log shows, and every header
    /// for later consumers.
    mutating func header(_ field: HTTPHeaderField, isOrig: Bool, at now: Timestamp) {
        let key = state(isOrig: isOrig, at: now)
        guard isOrig else {
            pending[key]!.responseHeaders.append(field)
            if HTTPSyntax.equalsIgnoringCase(field.name, "content-type") { pending[key]!.responseContentType = field.value }
            return
        }
        pending[key]!.requestHeaders.append(field)
        let name = field.name.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        switch name {
        case Array("REFERER".utf8): pending[key]!.referrer = field.value
        case Array("HOST".utf8): pending[key]!.host = field.value
        case Array("RANGE".utf8): pending[key]!.rangeRequest = true
        case Array("ORIGIN".utf8): pending[key]!.origin = field.value
        case Array("USER-AGENT".utf8): pending[key]!.userAgent = field.value
        case _ where Self.proxyHeaders.contains(name):
            let entry = name + Array(" -> ".utf8) + field.value
            if !pending[key]!.proxied.contains(entry) { pending[key]!.proxied.append(entry) }
        case Array("AUTHORIZATION".utf8), Array("PROXY-AUTHORIZATION".utf8):
            if let user = HTTPBasicAuthorization.username(fromHeaderValue: field.value) {
                pending[key]!.username = user
            }
        default:
            if name == Array("COOKIE".utf8) { pending[key]!.cookie = field.value }
            if name == Array("CONTENT-TYPE".utf8) { pending[key]!.requestContentType = field.value }
        }
    }

    /// `http_begin_entity`: the pair counts the direction's entities, and
    /// the entity becomes the pair's current one (one for both directions,
    /// as Zeek's `current_entity`).
    mutating func beginEntity(isOrig: Bool, at now: Timestamp) {
        let key = state(isOrig: isOrig, at: now)
        if isOrig { pending[key]!.origMimeDepth += 1 } else { pending[key]!.respMimeDepth += 1 }
        pending[key]!.currentEntity = HTTPCurrentEntity()
    }

    /// A header naming a file: it names the pair's current entity; false
    /// when there is none (Zeek's `missing_HTTP_entity`: the other
    /// direction's entity ended and took it).
    mutating func nameEntity(_ filename: [UInt8], isOrig: Bool, at now: Timestamp) -> Bool {
        let key = state(isOrig: isOrig, at: now)
        guard pending[key]!.currentEntity != nil else { return false }
        pending[key]!.currentEntity!.filename = filename
        return true
    }

    /// `http_end_entity`: the pair has no current entity.
    mutating func endEntity(isOrig: Bool, at now: Timestamp) {
        let key = isOrig ? currentRequest : currentResponse
        pending[key]?.currentEntity = nil
    }

    /// `file_over_new_connection` (http/entities.zeek): the current entity's
    /// file reached the pair, under the id `HTTP::get_file_handle` gives it.
    /// False when the connection already had the file (a range request's
    /// resource fetched again), which Zeek does not announce twice.
    mutating func fileOpened(isOrig: Bool, at now: Timestamp) -> Bool {
        let key = state(isOrig: isOrig, at: now)
        let transaction = pending[key]!
        let filename = transaction.currentEntity?.filename
        let id: HTTPFileID
        if !isOrig && transaction.rangeRequest {
            id = .range(host: transaction.host, uri: transaction.uri)
            guard rangeFiles.insert(id).inserted else { return false }
        } else {
            id = .entity(isOrig: isOrig, depth: transaction.depth,
                         mimeDepth: isOrig ? transaction.origMimeDepth : transaction.respMimeDepth)
        }
        if isOrig {
            pending[key]!.origFiles.add(id, name: filename)
        } else {
            pending[key]!.respFiles.add(id, name: filename)
        }
        return true
    }

    /// `file_sniff` with a type: it goes to the pair the file reached.
    mutating func fileTyped(isOrig: Bool, mimeType: String, at now: Timestamp) {
        let key = state(isOrig: isOrig, at: now)
        if isOrig {
            pending[key]!.origFiles.add(mimeType: mimeType)
        } else {
            pending[key]!.respFiles.add(mimeType: mimeType)
        }
    }

    /// `http_message_done`: the body length, and for a final response the
    /// pair is written.
    mutating func messageDone(isOrig: Bool, bodyLength: UInt64, body: HTTPBodySpan?,
                              l2: (orig: MACAddress, resp: MACAddress), at now: Timestamp, kept: [UInt8]? = nil) {
        let key = state(isOrig: isOrig, at: now)
        if isOrig {
            pending[key]!.requestBodyLength = bodyLength
            pending[key]!.requestBody = body
            pending[key]!.inspection.requestComplete = true
            if let kept { pending[key]!.inspection.requestBody = kept }
        } else {
            pending[key]!.responseBodyLength = bodyLength
            pending[key]!.responseBody = body
            pending[key]!.inspection.responseComplete = true
            if let kept { pending[key]!.inspection.responseBody = kept }
        }
        pending[key]!.l2Addresses = l2
        recordProgress(key)
        guard !isOrig else { return }
        if let status = pending[key]!.statusCode, (100...199).contains(status) { return }
        written.append(pending.removeValue(forKey: currentResponse)!)
    }

    /// The connection is gone: every pair still waiting is written
    /// (Zeek's `finalize_http`), by depth.
    mutating func finish() {
        for key in pending.keys.sorted() where key != 0 { written.append(pending[key]!) }
        pending.removeAll()
    }

    /// Zeek's `set_state`: the key of the transaction the current message
    /// belongs to, made when there is none.
    private mutating func state(isOrig: Bool, at now: Timestamp) -> Int {
        let key = isOrig ? currentRequest : currentResponse
        if pending[key] == nil {
            depth += 1
            pending[key] = HTTPTransaction(time: now, depth: depth)
        }
        return key
    }
}

extension HTTPTransactionTable {
    /// The pairing counters and the pairs waiting for their other half
    /// (requests waiting for their reply), of a connection carried between
    /// messages.
    func carry(into writer: inout StateWriter) {
        writer.put(currentRequest)
        writer.put(currentResponse)
        writer.put(depth)
        writer.put(UInt64(pending.count))
        for key in pending.keys.sorted() {
            writer.put(key)
            pending[key]!.carry(into: &writer)
        }
        writer.put(UInt64(rangeFiles.count))
        for id in rangeFiles.sorted(by: { $0.carriedOrder.lexicographicallyPrecedes($1.carriedOrder) }) {
            id.carry(into: &writer)
        }
    }

    mutating func resume(from reader: inout StateReader) throws {
        currentRequest = try reader.int()
        currentResponse = try reader.int()
        depth = try reader.int()
        for _ in 0..<(try reader.count()) {
            let key = try reader.int()
            pending[key] = try HTTPTransaction(carriedFrom: &reader)
        }
        rangeFiles = Set(try (0..<reader.count()).map { _ in try HTTPFileID(carriedFrom: &reader) })
    }
}

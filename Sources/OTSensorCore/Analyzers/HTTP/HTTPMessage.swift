/// One request or response being read: Zeek's `HTTP_Message` with its
/// top-level `HTTP_Entity`, the header lines still to finish and how the
/// body is delimited. Bodies are counted, never kept.
struct HTTPMessage {
    /// Zeek's `chunked_transfer_state`.
    enum Chunking {
        case none, announced, size, data, dataCRLF, trailer, done
    }

    /// Whether the message may carry a body (Zeek's `HTTP_BODY_*`).
    enum BodyExpectation {
        case no, maybe, yes
    }

    let isOrig: Bool
    let expectation: BodyExpectation
    var inHeader = true
    var endOfData = false
    var finished = false
    /// The header line being assembled (a folded header spans lines).
    var pendingHeader: [UInt8]?
    var chunking = Chunking.none
    var contentLength: Int64 = -1
    var rangeLength: Int64 = -1
    /// A partial body's place in the resource (`Content-Range`'s first byte),
    /// and the resource's size (-1: not announced, `*`).
    var rangeFirst: Int64 = 0
    var instanceLength: Int64 = -1
    var isPartialContent = false
    var expectDataLength: Int64 = 0
    var bodyLength: UInt64 = 0
    /// A `multipart` (with boundary) or `message` body: Zeek reads it line by line.
    var isLineDelimited = false
    var boundary: [UInt8]?
    /// `Content-Encoding: gzip` or `deflate`.
    var isCompressed = false
    /// Made on the first compressed body bytes.
    var inflater: HTTPInflater?
    /// The part of a multipart (or `message`) body being read: Zeek's child entity.
    var part = Part.preamble
    var partHeader: [UInt8]?
    var partContentLength: Int64 = -1
    var partExpectDataLength: Int64 = 0
    var partIsCompressed = false

    /// Where a multipart body's reading is: before the first boundary, in a
    /// part's headers or body, or after a part whose length ran out.
    enum Part {
        case preamble, header, body, ended
    }

    enum BoundaryLine {
        case none, boundary, closing
    }
    var body: HTTPBodySpan?
    private static let lineBreak: [UInt8] = [0x0D, 0x0A]
    /// The body as detection sees it; nil unless rules read HTTP buffers.
    var detection: HTTPDetectionBody?
    /// The body was offered to detection before its end (it reached the
    /// minimal inspect size).
    var inspectedEarly = false

    init(isOrig: Bool, expectation: BodyExpectation) {
        self.isOrig = isOrig
        self.expectation = expectation
    }

    /// Counts body bytes at stream offset `offset` (plus the CRLF Zeek adds
    /// back to a body read line by line); a compressed body counts what it
    /// decompresses to. `clear` sees the body as counted. Returns whether
    /// decompression failed on these bytes.
    mutating func countBody(_ data: UnsafeRawBufferPointer, trailingCRLF: Bool, at offset: UInt64,
                            keepsCompressedInput: Bool, clear: (UnsafeRawBufferPointer) -> Void) -> Bool {
        var failed = false
        if isCompressed {
            let inflater = self.inflater ?? HTTPInflater(keepsInput: keepsCompressedInput)
            self.inflater = inflater
            let wasFailed = inflater.failed
            bodyLength += UInt64(inflater.feed(data, output: clear))
            failed = inflater.failed && !wasFailed
        } else {
            bodyLength += UInt64(data.count) + (trailingCRLF ? 2 : 0)
            clear(data)
            if trailingCRLF { Self.lineBreak.withUnsafeBytes(clear) }
        }
        detection?.append(data, trailingCRLF: trailingCRLF)
        let end = offset + UInt64(data.count)
        if let span = body { body = HTTPBodySpan(start: span.start, end: max(span.end, end)) } else {
            body = HTTPBodySpan(start: offset, end: end)
        }
        return failed
    }

    /// What a line of a multipart body is (Zeek's `CheckBoundaryDelimiter`).
    func boundaryKind(_ line: UnsafeRawBufferPointer) -> BoundaryLine {
        guard let boundary, line.count >= boundary.count + 2, line[0] == 0x2D, line[1] == 0x2D else { return .none }
        for (i, c) in boundary.enumerated() where line[2 + i] != c { return .none }
        let rest = 2 + boundary.count
        return line.count >= rest + 2 && line[rest] == 0x2D && line[rest + 1] == 0x2D ? .closing : .boundary
    }

    /// Applies a header that frames the body (Zeek's `HTTP_Entity::SubmitHeader`);
    /// `replyCode` is the response's status (206 reads Content-Range),
    /// `version` the message's HTTP version (chunking needs 1.1).
    mutating func apply(_ field: HTTPHeaderField, replyCode: Int, version: HTTPVersion) -> String? {
        let name = field.name
        var anomaly: String?
        if HTTPSyntax.equalsIgnoringCase(name, "content-length") {
            if let token = HTTPHeaderSyntax.firstToken(field.value) {
                if let length = HTTPSyntax.parseInteger(field.value[token], radix: 10), length >= 0 {
                    contentLength = length
                    if isPartialContent && rangeLength > contentLength { contentLength = rangeLength }
                } else {
                    anomaly = "http.bad_content_length"
                    contentLength = 0
                }
            }
        } else if HTTPSyntax.equalsIgnoringCase(name, "content-range") && replyCode == 206 {
            applyContentRange(field.value)
        } else if HTTPSyntax.equalsIgnoringCase(name, "transfer-encoding") {
            if HTTPHeaderSyntax.tokenIs(field.value, "chunked") && version == .http11 { chunking = .announced }
        } else if HTTPSyntax.equalsIgnoringCase(name, "content-encoding") {
            if HTTPHeaderSyntax.tokenIs(field.value, "gzip") || HTTPHeaderSyntax.tokenIs(field.value, "x-gzip")
                || HTTPHeaderSyntax.tokenIs(field.value, "deflate") {
                isCompressed = true
            }
        } else if HTTPSyntax.equalsIgnoringCase(name, "content-type") {
            (isLineDelimited, boundary) = HTTPHeaderSyntax.lineDelimitedType(field.value)
        }
        return anomaly
    }

    /// `Content-Range: bytes first-last/length` of a 206 response: the body is
    /// the range's length, or the Content-Length if that is larger.
    private mutating func applyContentRange(_ value: [UInt8]) {
        guard let unit = HTTPHeaderSyntax.firstToken(value), Array(value[unit]) == Array("bytes".utf8) else { return }
        let range = value[unit.upperBound...].filter { $0 != 0x20 }
        guard let slash = range.firstIndex(of: 0x2F), let dash = range[..<slash].firstIndex(of: 0x2D),
              let first = HTTPSyntax.parseInteger(range[..<dash], radix: 10),
              let last = HTTPSyntax.parseInteger(range[(dash + 1)..<slash], radix: 10),
              first >= 0, last >= first, last - first < Int64.max - 1 else { return }
        let length = last - first + 1
        let instance = range[(slash + 1)...]
        if !instance.elementsEqual("*".utf8) { instanceLength = HTTPSyntax.parseInteger(instance, radix: 10) ?? 0 }
        isPartialContent = true
        rangeFirst = first
        rangeLength = length
        if contentLength > 0 {
            if rangeLength > contentLength { contentLength = rangeLength }
        } else {
            contentLength = rangeLength
        }
    }
}

extension HTTPMessage {
    /// Whether the message can be carried into the next slice: all but a
    /// compressed body past `HTTPInflater.replayLimit`.
    var isCarriable: Bool { inflater?.isCarriable != false }

    func carry(into writer: inout StateWriter) {
        writer.put(isOrig)
        writer.put(UInt8(expectation == .no ? 0 : expectation == .maybe ? 1 : 2))
        writer.put(inHeader)
        writer.put(endOfData)
        writer.put(finished)
        writer.put(pendingHeader != nil)
        writer.put(pendingHeader ?? [])
        writer.put(UInt8(Self.chunkings.firstIndex(of: chunking)!))
        writer.put(contentLength)
        writer.put(rangeLength)
        writer.put(rangeFirst)
        writer.put(instanceLength)
        writer.put(isPartialContent)
        writer.put(expectDataLength)
        writer.put(bodyLength)
        writer.put(isLineDelimited)
        writer.put(boundary != nil)
        writer.put(boundary ?? [])
        writer.put(isCompressed)
        writer.put(UInt8(Self.parts.firstIndex(of: part)!))
        writer.put(partHeader != nil)
        writer.put(partHeader ?? [])
        writer.put(partContentLength)
        writer.put(partExpectDataLength)
        writer.put(partIsCompressed)
        writer.put(body != nil)
        writer.put(body?.start ?? 0)
        writer.put(body?.end ?? 0)
        writer.put(inflater != nil)
        inflater?.carry(into: &writer)
    }

    private static let chunkings: [Chunking] = [.none, .announced, .size, .data, .dataCRLF, .trailer, .done]
    private static let parts: [Part] = [.preamble, .header, .body, .ended]

    init(carriedFrom reader: inout StateReader) throws {
        let isOrig = try reader.bool()
        let expectations: [BodyExpectation] = [.no, .maybe, .yes]
        let expectation = Int(try reader.uint8())
        guard expectation < expectations.count else { throw CarriedStateError.malformed("an HTTP body expectation") }
        self.init(isOrig: isOrig, expectation: expectations[expectation])
        inHeader = try reader.bool()
        endOfData = try reader.bool()
        finished = try reader.bool()
        let hasPendingHeader = try reader.bool(), header = try reader.byteString()
        pendingHeader = hasPendingHeader ? header : nil
        let chunkingIndex = Int(try reader.uint8())
        guard chunkingIndex < Self.chunkings.count else { throw CarriedStateError.malformed("an HTTP chunking state") }
        chunking = Self.chunkings[chunkingIndex]
        contentLength = try reader.int64()
        rangeLength = try reader.int64()
        rangeFirst = try reader.int64()
        instanceLength = try reader.int64()
        isPartialContent = try reader.bool()
        expectDataLength = try reader.int64()
        bodyLength = try reader.uint64()
        isLineDelimited = try reader.bool()
        let hasBoundary = try reader.bool(), boundaryText = try reader.byteString()
        boundary = hasBoundary ? boundaryText : nil
        isCompressed = try reader.bool()
        let partIndex = Int(try reader.uint8())
        guard partIndex < Self.parts.count else { throw CarriedStateError.malformed("an HTTP multipart state") }
        part = Self.parts[partIndex]
        let hasPartHeader = try reader.bool(), partHeaderText = try reader.byteString()
        partHeader = hasPartHeader ? partHeaderText : nil
        partContentLength = try reader.int64()
        partExpectDataLength = try reader.int64()
        partIsCompressed = try reader.bool()
        let hasBody = try reader.bool(), start = try reader.uint64(), end = try reader.uint64()
        body = hasBody ? HTTPBodySpan(start: start, end: end) : nil
        inflater = try reader.bool() ? try HTTPInflater(carriedFrom: &reader) : nil
    }
}

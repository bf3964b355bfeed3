/// A message's headers and body (Zeek's `HTTP_Entity` and `MIME_Entity`):
/// header lines, folded lines, how the body is delimited, and the message's end.
extension HTTPSession {
    /// One line inside a message (`HTTP_Entity::Deliver` with a line).
    func messageLine(_ line: UnsafeRawBufferPointer, isOrig: Bool, at offset: UInt64) {
        entityData(line, trailingCRLF: true, isOrig: isOrig, at: offset)
    }

    /// Bytes of a message: a line (`trailingCRLF`) or body bytes handed over as they are.
    func entityData(_ data: UnsafeRawBufferPointer, trailingCRLF: Bool, isOrig: Bool, at offset: UInt64) {
        guard var message = takeMessage(isOrig) else { return }
        defer { putMessage(message, isOrig) }
        if message.endOfData { return }
        if message.inHeader {
            headerLine(data, message: &message)
            return
        }
        if message.isLineDelimited {
            countBody(data, trailingCRLF: trailingCRLF, in: &message, at: offset)
            switch message.boundaryKind(data) {
            case .closing:
                endOfData(&message)
            case .boundary:
                endPart(&message)
                message.part = .header
                message.partHeader = nil
                message.partContentLength = -1
                message.partIsCompressed = false
                beginEntity(isOrig: isOrig)
            case .none:
                partData(data, trailingCRLF: trailingCRLF, message: &message)
            }
            if message.contentLength > 0 {
                message.expectDataLength -= Int64(data.count) + (trailingCRLF ? 2 : 0)
                if message.expectDataLength <= 0 {
                    setPlain(0, isOrig: isOrig)
                    endOfData(&message)
                }
            }
            return
        }
        switch message.chunking {
        case .size:
            let size = HTTPSyntax.parseInteger(UnsafeRawBufferPointer(data), radix: 16)
            if size == nil { anomalies.record("http.bad_chunk_size") }
            if let size, size > 0 {
                message.expectDataLength = size
                message.chunking = .data
                setPlain(size, isOrig: isOrig)
            } else {
                if let size, size < 0 { anomalies.record("http.negative_chunk_size") }
                message.inHeader = true
                message.chunking = .trailer
            }
            return
        case .data:
            message.expectDataLength -= Int64(data.count)
            if message.expectDataLength <= 0 {
                setPlain(0, isOrig: isOrig)
                message.chunking = .dataCRLF
            }
            countBody(data, trailingCRLF: false, in: &message, at: offset)
            return
        case .dataCRLF:
            if !data.isEmpty { anomalies.record("http.chunk_size_mismatch") }
            message.chunking = .size
            return
        case .none, .announced, .trailer, .done:
            break
        }
        if message.contentLength >= 0 {
            countBody(data, trailingCRLF: false, in: &message, at: offset)
            message.expectDataLength -= Int64(data.count)
            if message.expectDataLength <= 0 {
                setPlain(0, isOrig: isOrig)
                setDeliverySize(-1, isOrig: isOrig)
                endOfData(&message)
            }
        } else {
            countBody(data, trailingCRLF: trailingCRLF, in: &message, at: offset)
        }
    }

    /// A header line: an empty line ends the headers, a line starting with
    /// white space continues the header before it.
    private func headerLine(_ line: UnsafeRawBufferPointer, message: inout HTTPMessage) {
        if line.isEmpty || line[0] == 0 {
            finishHeader(&message)
            message.inHeader = false
            allHeaders(&message)
        } else if HTTPSyntax.isLWS(line[0]) {
            if message.pendingHeader == nil {
                message.pendingHeader = Array(line.drop(while: HTTPSyntax.isLWS))
            } else {
                message.pendingHeader!.append(contentsOf: line)
            }
        } else {
            finishHeader(&message)
            message.pendingHeader = Array(line)
        }
    }

    /// The header that was being assembled is complete: it frames the body,
    /// steers the connection, and reaches the transaction.
    private func finishHeader(_ message: inout HTTPMessage) {
        guard let line = message.pendingHeader else { return }
        message.pendingHeader = nil
        guard let field = HTTPHeaderSyntax.field(line) else { return }
        // Zeek reads the request's version while a request is in progress, even for a reply.
        let version = requestOngoing ? requestVersion : replyVersion
        if let anomaly = message.apply(field, replyCode: replyCode, version: version) { anomalies.record(anomaly) }
        if HTTPSyntax.equalsIgnoringCase(field.name, "connection") {
            if message.isOrig {
                if HTTPHeaderSyntax.tokenIs(field.value, "keep-alive") { keepAlive = true }
            } else if HTTPHeaderSyntax.tokenIs(field.value, "close") {
                connectionClose = true
            } else if HTTPHeaderSyntax.tokenIs(field.value, "upgrade") {
                upgradeConnection = true
            }
        }
        if !message.isOrig && HTTPSyntax.equalsIgnoringCase(field.name, "upgrade") {
            upgradeProtocol = HTTPHeaderSyntax.firstToken(field.value).map { Array(field.value[$0]) } ?? []
        }
        if message.detection != nil {
            // libhtp takes a name with white space before its colon.
            let name = Array(field.name.reversed().drop(while: HTTPSyntax.isLWS)).reversed()
            if HTTPSyntax.equalsIgnoringCase(name, "content-encoding") { message.detection!.contentEncoding(field.value) }
        }
        table.header(field, isOrig: message.isOrig, at: now)
        entityHeader(field, isOrig: message.isOrig)
    }

    /// The headers ended (`HTTP_Entity::SubmitAllHeaders`): how the body is delimited.
    private func allHeaders(_ message: inout HTTPMessage) {
        let isOrig = message.isOrig
        if !isOrig { respFile.partial(replyCode: replyCode, message: message) }
        if keepsSignatureBuffers { table.headersComplete(isOrig: isOrig, at: now) }
        if message.contentLength >= 0 { setDeliverySize(message.contentLength, isOrig: isOrig) }
        if message.chunking == .trailer {
            message.chunking = .done
            endOfData(&message)
            return
        }
        if message.expectation == .no {
            endOfData(&message)
            return
        }
        if message.isLineDelimited {
            if message.boundary == nil {
                message.part = .header
                beginEntity(isOrig: isOrig)
            }
            if message.contentLength == 0 {
                endOfData(&message)
            } else if message.contentLength > 0 {
                message.expectDataLength = message.contentLength
            }
        } else if message.chunking != .none {
            message.chunking = .size
        } else if message.contentLength >= 0 {
            if message.contentLength > 0 {
                message.expectDataLength = message.contentLength
                setPlain(message.contentLength, isOrig: isOrig)
            } else {
                endOfData(&message)
            }
        } else if connectionClose || message.isCompressed {
            message.expectDataLength = Int64(Int32.max)
            setPlain(Int64(Int32.max), isOrig: isOrig)
        } else if message.expectation != .yes {
            endOfData(&message)
        }
    }

    /// The entity ended (`HTTP_Entity::EndOfData`): headers still open are
    /// finished, and the message is done.
    func endOfData(_ message: inout HTTPMessage) {
        guard !message.endOfData else { return }
        message.endOfData = true
        if message.inHeader {
            finishHeader(&message)
            message.inHeader = false
            allHeaders(&message)
            anomalies.record("http.entity_body_missing")
        }
        let isOrig = message.isOrig
        endPart(&message)
        // The message's end may start the next one: it is put back first.
        putMessage(message, isOrig)
        messageDone(isOrig: isOrig)
        message = takeMessage(isOrig) ?? message
    }

    /// `HTTP_Message::Done`: the transaction learns the body length, and the
    /// request or reply is made.
    func messageDone(isOrig: Bool) {
        guard var message = takeMessage(isOrig), !message.finished else { return }
        message.finished = true
        putMessage(message, isOrig)
        if !message.endOfData {
            endOfData(&message)
            putMessage(message, isOrig)
        }
        endEntity(isOrig: isOrig)
        table.messageDone(isOrig: isOrig, bodyLength: message.bodyLength, body: message.body, l2: l2, at: now,
                          kept: message.detection?.bytes)
        if isOrig { requestMade(interrupted: false) } else { replyMade(interrupted: false) }
    }

    /// A gap inside a body whose length is known is counted as body.
    func bodyGap(length: UInt64, isOrig: Bool) -> Bool {
        guard var message = takeMessage(isOrig) else { return false }
        defer { putMessage(message, isOrig) }
        guard !(message.endOfData && message.inHeader), message.bodyLength != 0 else { return false }
        fileGap(isOrig: isOrig)
        guard length <= UInt64(Int64.max), message.expectDataLength >= Int64(length) else { return false }
        if message.chunking != .none {
            guard message.chunking == .data else { return false }
            message.bodyLength += length
            message.expectDataLength -= Int64(length)
            setPlain(message.expectDataLength, isOrig: isOrig)
            if message.expectDataLength == 0 { message.chunking = .dataCRLF }
            return true
        }
        guard message.contentLength >= 0 else { return false }
        message.bodyLength += length
        message.expectDataLength -= Int64(length)
        setPlain(message.expectDataLength, isOrig: isOrig)
        if message.expectDataLength <= 0 { endOfData(&message) }
        return true
    }

    /// Counts body bytes; a body not read line by line (no parts) is also
    /// the message's file.
    private func countBody(_ data: UnsafeRawBufferPointer, trailingCRLF: Bool, in message: inout HTTPMessage,
                           at offset: UInt64) {
        let isOrig = message.isOrig, isFile = !message.isLineDelimited
        let failed = message.countBody(data, trailingCRLF: trailingCRLF, at: offset,
                                       keepsCompressedInput: keepsCompressedInput) { clear in
            if isFile { fileData(clear, isOrig: isOrig) }
        }
        if failed { anomalies.record("http.inflate_failed") }
        // Suricata inspects a body still arriving once it reaches the minimal inspect size.
        let inspectSize = message.isOrig ? HTTPInspectionRecord.requestInspectSize : HTTPInspectionRecord.responseInspectSize
        if let kept = message.detection?.bytes, !message.inspectedEarly, kept.count >= inspectSize {
            message.inspectedEarly = true
            table.bodyProgress(isOrig: message.isOrig, body: kept, at: now)
        }
    }

    func setCRLFOnly(_ crlfOnly: Bool, isOrig: Bool) {
        if isOrig { origReader.crlfOnly = crlfOnly } else { respReader.crlfOnly = crlfOnly }
    }

    func setDeliverySize(_ size: Int64, isOrig: Bool) {
        if isOrig { origReader.deliverySize = size } else { respReader.deliverySize = size }
    }

    func setPlain(_ length: Int64, isOrig: Bool) {
        if isOrig { origReader.plainRemaining = length } else { respReader.plainRemaining = length }
    }

    private func takeMessage(_ isOrig: Bool) -> HTTPMessage? { isOrig ? requestMessage : replyMessage }

    private func putMessage(_ message: HTTPMessage, _ isOrig: Bool) {
        if isOrig { requestMessage = message } else { replyMessage = message }
    }
}

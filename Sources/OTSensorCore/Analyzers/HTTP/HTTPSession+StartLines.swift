/// Request and status lines, and where each message begins and ends
/// (Zeek's `DeliverStream` line cases, `RequestMade` and `ReplyMade`).
extension HTTPSession {
    func requestLine(_ line: UnsafeRawBufferPointer) {
        let request: HTTPRequestLine
        do {
            request = try HTTPRequestLine(parsing: line, previousVersion: requestVersion)
        } catch {
            if requestCount > 0 && !keepAlive {
                anomalies.record("http.crud_trailing_request")
            } else if line.isEmpty {
                anomalies.record("http.empty_request")
            } else {
                requestState = .nothing
                violation(error.rawValue)
            }
            return
        }
        if let version = request.version { setVersion(&requestVersion, version) }
        requestCount += 1
        requestState = .message
        requestOngoing = true
        unanswered.append(request.method)
        confirmed = true
        if HTTPSyntax.isPrefixIgnoringCase(request.method, of: "CONNECT") { connectRequest = true }
        if table.request(request, raw: Array(line), at: now) { anomalies.record("http.response_before_request") }
        if requestMessage.map({ !$0.finished }) == true { anomalies.record("http.overlapping_messages") }
        requestMessage = HTTPMessage(isOrig: true, expectation: .maybe)
        beginEntity(isOrig: true)
        if keepsSignatureBuffers { requestMessage!.detection = HTTPDetectionBody() }
        if requestVersion == .http09 {
            if replyMessage != nil {
                anomalies.record("http.http09_reply_before_request")
                messageDone(isOrig: false)
                replyMessage = nil
            }
            replyState = .http09
        }
    }

    func statusLine(_ line: UnsafeRawBufferPointer) {
        var version: HTTPVersion?
        let status = HTTPStatusLine(parsing: line, version: &version)
        if let version { setVersion(&replyVersion, version) }
        guard let status else {
            if !line.isEmpty {
                replyState = .nothing
                violation("http.bad_status_line")
            }
            return
        }
        if unanswered.isEmpty {
            anomalies.record("http.response_without_request")
        } else {
            confirmed = true
        }
        replyState = .message
        replyOngoing = true
        replyCode = status.code
        table.reply(version: replyVersion, code: status.code, reason: status.reason ?? Array("<empty>".utf8), at: now)
        if keepsSignatureBuffers { table.statusLine(Array(line), at: now) }
        if connectRequest && replyCode != 200 { connectRequest = false }
        startReply()
    }

    /// The responder's bytes after an HTTP/0.9 request: no status line or
    /// headers, a body until the connection closes.
    func http09Reply(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) {
        if replyMessage == nil {
            setVersion(&replyVersion, .http09)
            if !unanswered.isEmpty {
                confirmed = true
                unanswered.removeFirst()
            }
            connectionClose = true
            replyOngoing = true
            table.reply(version: replyVersion, code: replyCode, reason: Array("<empty>".utf8), at: now)
            startReply()
            messageLine(UnsafeRawBufferPointer(start: nil, count: 0), isOrig: false, at: offset)
        }
        if replyMessage != nil { entityData(bytes, trailingCRLF: false, isOrig: false, at: offset) }
    }

    private func startReply() {
        if replyMessage.map({ !$0.finished }) == true { anomalies.record("http.overlapping_messages") }
        let method = unanswered.first
        let noBody = method.map { HTTPSyntax.isPrefixIgnoringCase($0, of: "HEAD") } == true
            || (100...199).contains(replyCode) || replyCode == 204 || replyCode == 304
        replyMessage = HTTPMessage(isOrig: false, expectation: noBody ? .no : .yes)
        beginEntity(isOrig: false)
        if keepsSignatureBuffers { replyMessage!.detection = HTTPDetectionBody() }
    }

    /// Zeek's `SetVersion`: a later version replaces the earlier; one past
    /// 1.0 makes the connection persistent.
    private func setVersion(_ version: inout HTTPVersion, _ new: HTTPVersion) {
        version = new
        if version.isPersistent { keepAlive = true }
    }

    func requestMade(interrupted: Bool) {
        guard requestOngoing else { return }
        requestOngoing = false
        messageDone(isOrig: true)
        requestState = interrupted ? .nothing : .line
    }

    func replyMade(interrupted: Bool) {
        guard replyOngoing else { return }
        replyOngoing = false
        messageDone(isOrig: false)
        if !(100...199).contains(replyCode) && !unanswered.isEmpty { unanswered.removeFirst() }
        if replyCode == 101 && unanswered.count == 1 && upgradeConnection && !upgradeProtocol.isEmpty {
            isTunnel = true
        }
        replyCode = 0
        upgradeConnection = false
        upgradeProtocol = []
        replyState = interrupted || isTunnel ? .nothing : .line
    }
}

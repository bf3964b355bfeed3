/// One connection's HTTP state: Zeek's `HTTP_Analyzer` (request and reply
/// parsing states, the unanswered requests, keep-alive and close, CONNECT
/// and upgrades) over two `HTTPLineReader`s, feeding the pairs of
/// `HTTPTransactionTable`.
///
/// It follows Zeek's order of events, because which pair a header or a body
/// length lands in depends on it. What it concluded about the protocol is
/// left in `confirmed`/`violated` and the anomalies it met in `anomalies`,
/// for the analyzer to pass on.
final class HTTPSession {
    enum RequestState { case line, message, nothing }
    enum ReplyState { case line, message, nothing, http09 }

    /// Zeek's `DPD::ignore_violations_after`: a violation after this many
    /// bytes no longer removes the analyzer.
    static let violationWindow: UInt64 = 10 * 1024

    var table = HTTPTransactionTable()
    var anomalies = AnomalyCounts()
    /// The request or reply parsed well enough to confirm `http` (Zeek's `AnalyzerConfirmation`).
    var confirmed = false
    /// A violation within the first bytes: `http` leaves the service.
    var violated = false

    var requestState = RequestState.line
    var replyState = ReplyState.line
    var requestMessage: HTTPMessage?
    var replyMessage: HTTPMessage?
    var requestOngoing = false
    var replyOngoing = false
    var requestCount = 0
    var keepAlive = false
    var connectionClose = false
    var requestVersion = HTTPVersion.unknown
    var replyVersion = HTTPVersion.unknown
    var replyCode = 0
    var connectRequest = false
    var upgradeConnection = false
    var upgradeProtocol: [UInt8] = []
    /// CONNECT succeeded or the protocol was upgraded: what follows is not HTTP.
    var isTunnel = false
    /// Methods of the requests still without a final response, oldest first.
    var unanswered: [[UInt8]] = []

    /// Each direction's current entity's file.
    var origFile = HTTPEntityFile()
    var respFile = HTTPEntityFile()
    var origReader = HTTPLineReader()
    var respReader = HTTPLineReader()
    /// A direction stops being read after a gap outside a body.
    var skipsOrig = false
    var skipsResp = false
    /// In-order bytes seen per direction: stream offsets of what comes next.
    var origOffset: UInt64 = 0
    var respOffset: UInt64 = 0

    /// The time of the data being handled, and the connection's link-layer addresses.
    var now = Timestamp(nanoseconds: 0)
    var l2: (orig: MACAddress, resp: MACAddress) = (.zero, .zero)

    var isStopped: Bool { isTunnel }
    /// Whether compressed bodies keep their input, to be inflated again in
    /// the next slice of the stream (`--state`).
    let keepsCompressedInput: Bool

    /// Whether bodies, status lines and message progress are kept for the
    /// signature engine (the rules read HTTP buffers).
    let keepsSignatureBuffers: Bool

    init(keepsCompressedInput: Bool = false, keepsSignatureBuffers: Bool = false) {
        self.keepsCompressedInput = keepsCompressedInput
        self.keepsSignatureBuffers = keepsSignatureBuffers
        table.recordsInspection = keepsSignatureBuffers
    }

    /// In-order payload of one direction.
    func deliver(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) {
        guard !isStopped, !(isOrig ? skipsOrig : skipsResp) else { return }
        let base = isOrig ? origOffset : respOffset
        if isOrig { origOffset += UInt64(bytes.count) } else { respOffset += UInt64(bytes.count) }
        if !isOrig && replyState == .http09 {
            http09Reply(bytes, at: base)
            return
        }
        if isOrig { origReader.startChunk(bytes.count) } else { respReader.startChunk(bytes.count) }
        var position = 0
        while !isStopped {
            let piece = isOrig ? origReader.next(bytes, at: &position) : respReader.next(bytes, at: &position)
            switch piece {
            case .end:
                if isOrig ? origReader.endChunk() : respReader.endChunk() {
                    anomalies.record("http.line_without_crlf")
                    collectedLine(isOrig: isOrig, at: base + UInt64(position))
                }
                return
            case .plain(let data):
                plain(data, isOrig: isOrig, at: base + UInt64(position - data.count))
            case .line(let line, let truncated):
                if truncated { anomalies.record("http.line_too_long") }
                self.line(line, isOrig: isOrig, at: base + UInt64(position))
            case .collectedLine(let truncated):
                if truncated { anomalies.record("http.line_too_long") }
                collectedLine(isOrig: isOrig, at: base + UInt64(position))
            }
            if !isOrig && replyState == .http09 && position < bytes.count {
                http09Reply(UnsafeRawBufferPointer(rebasing: bytes[position...]), at: base + UInt64(position))
                return
            }
        }
    }

    private func collectedLine(isOrig: Bool, at offset: UInt64) {
        var line = isOrig ? origReader.takeLine() : respReader.takeLine()
        line.withUnsafeBytes { self.line($0, isOrig: isOrig, at: offset) }
        if isOrig { origReader.recycle(&line) } else { respReader.recycle(&line) }
    }

    /// `length` bytes of a direction were never seen (Zeek's `Undelivered`):
    /// inside a counted body they are counted and reading goes on; anywhere
    /// else the direction's message is cut off and the direction no longer read.
    func gap(length: UInt64, isOrig: Bool) {
        guard !isStopped else { return }
        if isOrig { origOffset += length } else { respOffset += length }
        if bodyGap(length: length, isOrig: isOrig) { return }
        anomalies.record("http.content_gap")
        if isOrig {
            requestMade(interrupted: true)
            replyMade(interrupted: true)
            skipsOrig = true
        } else {
            replyMade(interrupted: true)
            skipsResp = true
        }
    }

    /// The connection is gone: a line left unended ends, each direction's
    /// stream ends (the responder's first), then what is still open is cut off.
    func finish() {
        if !isStopped {
            endOfStream(isOrig: false)
            endOfStream(isOrig: true)
        }
        requestMade(interrupted: true)
        replyMade(interrupted: true)
        table.finish()
    }

    /// Zeek's `EndpointEOF`: a partial line is ended as if by LF, and the
    /// message in progress ends normally.
    private func endOfStream(isOrig: Bool) {
        guard !(isOrig ? skipsOrig : skipsResp) else { return }
        let reader = isOrig ? origReader : respReader
        if reader.hasPartialLine && reader.plainRemaining == 0 && !(isOrig == false && replyState == .http09) {
            let newline: [UInt8] = [0x0A]
            newline.withUnsafeBytes { deliver($0, isOrig: isOrig) }
        }
        if isStopped { return }
        if isOrig { requestMade(interrupted: false) } else { replyMade(interrupted: false) }
    }

    private func line(_ line: UnsafeRawBufferPointer, isOrig: Bool, at offset: UInt64) {
        if isOrig {
            switch requestState {
            case .line: requestLine(line)
            case .message: messageLine(line, isOrig: true, at: offset)
            case .nothing: break
            }
        } else {
            switch replyState {
            case .line: statusLine(line)
            case .message:
                messageLine(line, isOrig: false, at: offset)
                if connectRequest && line.isEmpty { isTunnel = true }
            case .nothing, .http09: break
            }
        }
    }

    private func plain(_ data: UnsafeRawBufferPointer, isOrig: Bool, at offset: UInt64) {
        if isOrig ? requestMessage != nil : replyMessage != nil {
            entityData(data, trailingCRLF: false, isOrig: isOrig, at: offset)
        } else {
            anomalies.record(isOrig ? "http.unexpected_client_data" : "http.unexpected_server_data")
        }
    }

    /// Zeek's `AnalyzerViolation`: within the first bytes `http` leaves the
    /// service. Parsing goes on where the direction's state allows, as it
    /// does in Zeek when its DPD script does not remove the analyzer (the
    /// conformance corpus runs Zeek in bare mode, without that script).
    func violation(_ reason: String) {
        anomalies.record(reason)
        if origOffset + respOffset <= Self.violationWindow { violated = true }
    }
}

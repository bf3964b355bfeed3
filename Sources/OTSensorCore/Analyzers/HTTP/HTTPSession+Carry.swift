/// A connection carried into the next slice of the stream (an HMI polling a
/// web server all week, a request waiting for its reply, a body under way):
/// its messages go on being read where the slice left them, paired and
/// counted as in one run. A compressed body under way is inflated again from
/// its start in the next slice (zlib's state cannot be saved), up to
/// `HTTPInflater.replayLimit` of compressed bytes; past that, the
/// connection's HTTP log ends with the slice, as the connection's end would
/// end it.
extension HTTPSession {
    var isCarriable: Bool { requestMessage?.isCarriable != false && replyMessage?.isCarriable != false }

    func carry(into writer: inout StateWriter) {
        writer.put(confirmed)
        writer.put(violated)
        writer.put(UInt8(Self.requestStates.firstIndex(of: requestState)!))
        writer.put(UInt8(Self.replyStates.firstIndex(of: replyState)!))
        for message in [requestMessage, replyMessage] {
            writer.put(message != nil)
            message?.carry(into: &writer)
        }
        writer.put(requestOngoing)
        writer.put(replyOngoing)
        writer.put(requestCount)
        writer.put(keepAlive)
        writer.put(connectionClose)
        for version in [requestVersion, replyVersion] {
            writer.put(version.major)
            writer.put(version.minor)
        }
        writer.put(replyCode)
        writer.put(connectRequest)
        writer.put(upgradeConnection)
        writer.put(upgradeProtocol)
        writer.put(isTunnel)
        writer.put(UInt64(unanswered.count))
        for method in unanswered { writer.put(method) }
        origReader.carry(into: &writer)
        respReader.carry(into: &writer)
        origFile.carry(into: &writer)
        respFile.carry(into: &writer)
        writer.put(skipsOrig)
        writer.put(skipsResp)
        writer.put(origOffset)
        writer.put(respOffset)
        table.carry(into: &writer)
    }

    private static let requestStates: [RequestState] = [.line, .message, .nothing]
    private static let replyStates: [ReplyState] = [.line, .message, .nothing, .http09]

    func resume(from reader: inout StateReader) throws {
        confirmed = try reader.bool()
        violated = try reader.bool()
        let request = Int(try reader.uint8()), reply = Int(try reader.uint8())
        guard request < Self.requestStates.count, reply < Self.replyStates.count else {
            throw CarriedStateError.malformed("an HTTP parsing state")
        }
        requestState = Self.requestStates[request]
        replyState = Self.replyStates[reply]
        requestMessage = try reader.bool() ? try HTTPMessage(carriedFrom: &reader) : nil
        replyMessage = try reader.bool() ? try HTTPMessage(carriedFrom: &reader) : nil
        requestOngoing = try reader.bool()
        replyOngoing = try reader.bool()
        requestCount = try reader.int()
        keepAlive = try reader.bool()
        connectionClose = try reader.bool()
        requestVersion = HTTPVersion(major: try reader.uint8(), minor: try reader.uint8())
        replyVersion = HTTPVersion(major: try reader.uint8(), minor: try reader.uint8())
        replyCode = try reader.int()
        connectRequest = try reader.bool()
        upgradeConnection = try reader.bool()
        upgradeProtocol = try reader.byteString()
        isTunnel = try reader.bool()
        unanswered = try (0..<reader.count()).map { _ in try reader.byteString() }
        origReader = try HTTPLineReader(carriedFrom: &reader)
        respReader = try HTTPLineReader(carriedFrom: &reader)
        origFile = try HTTPEntityFile(carriedFrom: &reader)
        respFile = try HTTPEntityFile(carriedFrom: &reader)
        skipsOrig = try reader.bool()
        skipsResp = try reader.bool()
        origOffset = try reader.uint64()
        respOffset = try reader.uint64()
        try table.resume(from: &reader)
    }
}

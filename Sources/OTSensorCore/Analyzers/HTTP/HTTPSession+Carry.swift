/// A connection carried into the next slice of the stream between two
/// messages (an HMI polling a web server all week, a request waiting for its
/// reply): its requests go on being logged, paired with replies that come
/// later, with their depth counting on. One cut in the middle of a message is
/// not carried; its part of the message is logged as the connection's end
/// would log it.
extension HTTPSession {
    var isAtRest: Bool {
        requestState == .line && replyState == .line && requestMessage?.finished != false
            && replyMessage?.finished != false
            && !requestOngoing && !replyOngoing && !isTunnel && !skipsOrig && !skipsResp
            && origReader.isAtRest && respReader.isAtRest
    }

    func carry(into writer: inout StateWriter) {
        writer.put(confirmed)
        writer.put(violated)
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
        writer.put(origOffset)
        writer.put(respOffset)
        writer.put(UInt64(unanswered.count))
        for method in unanswered { writer.put(method) }
        table.carry(into: &writer)
    }

    func resume(from reader: inout StateReader) throws {
        confirmed = try reader.bool()
        violated = try reader.bool()
        requestCount = try reader.int()
        keepAlive = try reader.bool()
        connectionClose = try reader.bool()
        requestVersion = HTTPVersion(major: try reader.uint8(), minor: try reader.uint8())
        replyVersion = HTTPVersion(major: try reader.uint8(), minor: try reader.uint8())
        replyCode = try reader.int()
        connectRequest = try reader.bool()
        upgradeConnection = try reader.bool()
        upgradeProtocol = try reader.byteString()
        origOffset = try reader.uint64()
        respOffset = try reader.uint64()
        unanswered = try (0..<reader.count()).map { _ in try reader.byteString() }
        try table.resume(from: &reader)
    }
}

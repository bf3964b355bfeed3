import OTSensorSignatures

extension HTTPTransaction {
    /// What the HTTP sticky buffers are made from (see `HTTPBuffers`).
    var bufferSource: HTTPBufferSource {
        var source = HTTPBufferSource()
        source.requestLine = requestLine
        source.method = method
        source.uri = originalURI
        source.requestHeaders = requestHeaders.map { .init(name: $0.name, value: $0.value) }
        source.requestHeadersComplete = inspection.requestHeadersComplete
        source.requestBody = inspection.requestBody
        source.statusLine = inspection.statusLine
        source.responseHeaders = responseHeaders.map { .init(name: $0.name, value: $0.value) }
        source.responseHeadersComplete = inspection.responseHeadersComplete
        source.responseBody = inspection.responseBody
        return source
    }

    /// The direction whose progress this snapshot reports: the response's
    /// once it has begun.
    var progressIsToServer: Bool { !inspection.responseHeadersComplete }
}

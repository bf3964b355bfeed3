/// The parts of a multipart (or `message`) body, read as Zeek reads its
/// child entities: each part's headers, its own Content-Length, and CRLF
/// alone ending lines inside a part.
extension HTTPSession {
    /// Data of a multipart body's part: its header lines (a part's own
    /// Content-Length makes Zeek read that many bytes as they are), then its body.
    func partData(_ data: UnsafeRawBufferPointer, trailingCRLF: Bool, message: inout HTTPMessage) {
        switch message.part {
        case .preamble, .ended:
            return
        case .header:
            if data.isEmpty || data[0] == 0 {
                finishPartHeader(&message)
                partHeadersEnded(&message)
            } else if HTTPSyntax.isLWS(data[0]) && message.partHeader != nil {
                message.partHeader!.append(contentsOf: data)
            } else {
                finishPartHeader(&message)
                message.partHeader = Array(data.drop(while: HTTPSyntax.isLWS))
            }
        case .body:
            guard message.partContentLength >= 0 else {
                partLine(data, trailingCRLF: trailingCRLF, inMultipart: message.boundary != nil, isOrig: message.isOrig)
                return
            }
            fileData(data, isOrig: message.isOrig)
            message.partExpectDataLength -= Int64(data.count)
            if message.partExpectDataLength <= 0 {
                setPlain(0, isOrig: message.isOrig)
                setDeliverySize(-1, isOrig: message.isOrig)
                endPart(&message)
            }
        }
    }

    private func finishPartHeader(_ message: inout HTTPMessage) {
        guard let line = message.partHeader else { return }
        message.partHeader = nil
        guard let field = HTTPHeaderSyntax.field(line) else { return }
        entityHeader(field, isOrig: message.isOrig)
        if HTTPSyntax.equalsIgnoringCase(field.name, "content-length"), let token = HTTPHeaderSyntax.firstToken(field.value) {
            let length = HTTPSyntax.parseInteger(field.value[token], radix: 10) ?? -1
            message.partContentLength = max(length, 0)
        } else if HTTPSyntax.equalsIgnoringCase(field.name, "content-encoding") {
            message.partIsCompressed = HTTPHeaderSyntax.tokenIs(field.value, "gzip")
                || HTTPHeaderSyntax.tokenIs(field.value, "x-gzip") || HTTPHeaderSyntax.tokenIs(field.value, "deflate")
        }
    }

    /// A part's headers ended: inside a multipart body only CRLF ends lines
    /// from here, and a part of known length is read as it is.
    private func partHeadersEnded(_ message: inout HTTPMessage) {
        let isOrig = message.isOrig
        message.part = .body
        if message.boundary != nil { setCRLFOnly(true, isOrig: isOrig) }
        if message.partContentLength >= 0 {
            setDeliverySize(message.partContentLength, isOrig: isOrig)
            if message.partContentLength > 0 {
                message.partExpectDataLength = message.partContentLength
                setPlain(message.partContentLength, isOrig: isOrig)
            } else {
                endPart(&message)
            }
        } else if connectionClose || message.partIsCompressed {
            setPlain(Int64(Int32.max), isOrig: isOrig)
        }
    }

    /// The part ended (Zeek's `EndEntity` of a child): lines end as before.
    func endPart(_ message: inout HTTPMessage) {
        guard message.part == .header || message.part == .body else { return }
        message.part = .ended
        setCRLFOnly(false, isOrig: message.isOrig)
        endEntity(isOrig: message.isOrig)
    }
}

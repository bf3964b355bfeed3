/// The files of a connection's entities (Zeek's file analysis as its HTTP
/// analyzer drives it): each entity's body bytes, as the entity decodes them,
/// go to the direction's current file; the pair learns its id when it
/// opens and its type when that is detected.
extension HTTPSession {
    /// `http_begin_entity`: a request, a reply or a part of a multipart body.
    func beginEntity(isOrig: Bool) {
        table.beginEntity(isOrig: isOrig, at: now)
        if isOrig { origFile = HTTPEntityFile() } else { respFile = HTTPEntityFile() }
    }

    /// A header of the current entity; it may name the entity's file.
    func entityHeader(_ field: HTTPHeaderField, isOrig: Bool) {
        guard let name = HTTPFilename.from(field) else { return }
        if !table.nameEntity(name, isOrig: isOrig, at: now) { anomalies.record("http.missing_entity") }
    }

    /// Body bytes of the current entity, decoded.
    func fileData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) {
        guard !bytes.isEmpty else { return }
        if isOrig {
            fileData(bytes, isOrig: true, file: &origFile)
        } else {
            fileData(bytes, isOrig: false, file: &respFile)
        }
    }

    /// A line of a part's body: its line break is given before the next
    /// line, inside a multipart body (the last one belongs to the boundary).
    func partLine(_ line: UnsafeRawBufferPointer, trailingCRLF: Bool, inMultipart: Bool, isOrig: Bool) {
        let crlf: [UInt8] = [0x0D, 0x0A]
        let owes = isOrig ? origFile.owesLineBreak : respFile.owesLineBreak
        if owes {
            if isOrig { origFile.owesLineBreak = false } else { respFile.owesLineBreak = false }
            crlf.withUnsafeBytes { fileData($0, isOrig: isOrig) }
        }
        fileData(line, isOrig: isOrig)
        guard trailingCRLF else { return }
        if inMultipart {
            if isOrig { origFile.owesLineBreak = true } else { respFile.owesLineBreak = true }
        } else {
            crlf.withUnsafeBytes { fileData($0, isOrig: isOrig) }
        }
    }

    /// The entity ended (`http_end_entity`): its file's type is detected
    /// from what came.
    func endEntity(isOrig: Bool) {
        let type = isOrig ? origFile.end() : respFile.end()
        if let type { table.fileTyped(isOrig: isOrig, mimeType: type, at: now) }
        table.endEntity(isOrig: isOrig, at: now)
    }

    /// A gap inside the body: Zeek's file exists from it, and its type is
    /// detected from the bytes before it.
    func fileGap(isOrig: Bool) {
        if isOrig { fileGap(isOrig: true, file: &origFile) } else { fileGap(isOrig: false, file: &respFile) }
    }

    private func fileData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, file: inout HTTPEntityFile) {
        open(&file, isOrig: isOrig)
        if let type = file.take(bytes) { table.fileTyped(isOrig: isOrig, mimeType: type, at: now) }
    }

    private func fileGap(isOrig: Bool, file: inout HTTPEntityFile) {
        open(&file, isOrig: isOrig)
        if let type = file.end(byGap: true) { table.fileTyped(isOrig: isOrig, mimeType: type, at: now) }
    }

    private func open(_ file: inout HTTPEntityFile, isOrig: Bool) {
        guard file.open() else { return }
        if !table.fileOpened(isOrig: isOrig, at: now) { file.markTyped() }
    }
}

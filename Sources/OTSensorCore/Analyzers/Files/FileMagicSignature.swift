/// One signature of Zeek's file magic: a pattern over a file's first bytes
/// and the MIME type, with its strength, that a match gives the file.
struct FileMagicSignature: Sendable {
    let name: String
    let pattern: BytePattern
    let mimeType: String
    let strength: Int
    /// The bytes a match can begin with (nil: any, or none at all): most
    /// signatures are ruled out by a file's first byte.
    let firstBytes: ByteClass?

    /// Parses a magic `.sig` file: `signature NAME {`, one `file-magic /…/`
    /// and one `file-mime "type", strength` per signature.
    static func parse(_ text: String) throws(DPDSignatureError) -> [FileMagicSignature] {
        var signatures: [FileMagicSignature] = []
        var name: String?
        var pattern: BytePattern?
        var mime: (type: String, strength: Int)?
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fail = { (what: String) in DPDSignatureError(message: "line \(number + 1): \(what): \(line)") }
            guard let current = name else {
                // `signature NAME {`, the brace sometimes touching the name.
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" })
                guard words.count == 2, words[0] == "signature", line.hasSuffix("{") else {
                    throw fail("expected a signature")
                }
                name = String(words[1])
                continue
            }
            if line.hasPrefix("}") {
                guard let complete = pattern, let type = mime else {
                    throw fail("signature \(current) lacks file-magic or file-mime")
                }
                signatures.append(FileMagicSignature(name: current, pattern: complete, mimeType: type.type,
                                                     strength: type.strength, firstBytes: complete.firstBytes))
                (name, pattern, mime) = (nil, nil, nil)
            } else if line.hasPrefix("file-magic") {
                guard let open = line.firstIndex(of: "/"), let close = line.lastIndex(of: "/"), open < close else {
                    throw fail("file-magic without /pattern/")
                }
                do {
                    pattern = try BytePattern(String(line[line.index(after: open)..<close]))
                } catch {
                    throw fail(error.message)
                }
            } else if line.hasPrefix("file-mime") {
                guard let mimeLine = Self.mime(line) else { throw fail("bad file-mime") }
                mime = mimeLine
            } else {
                throw fail("unsupported condition")
            }
        }
        guard name == nil else { throw DPDSignatureError(message: "unterminated signature") }
        return signatures
    }

    /// `file-mime "type"` with an optional `, strength` (0 without one).
    private static func mime(_ line: Substring) -> (type: String, strength: Int)? {
        guard let open = line.firstIndex(of: "\""), let close = line.lastIndex(of: "\""), open < close else {
            return nil
        }
        let type = String(line[line.index(after: open)..<close])
        let rest = line[line.index(after: close)...].filter { $0 != " " && $0 != "\t" && $0 != "\r" }
        if rest.isEmpty { return (type, 0) }
        guard rest.first == ",", let strength = Int(rest.dropFirst()) else { return nil }
        return (type, strength)
    }
}

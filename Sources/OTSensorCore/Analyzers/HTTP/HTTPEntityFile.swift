/// The file an entity's body becomes, as Zeek's file analysis sees it: it
/// exists from the body's first byte (or a gap inside the body), and its
/// type is detected once from its first `FileMagic.sniffLength` bytes, when
/// they are in, or earlier when the file ends or a gap cuts it.
///
/// A 206 response's file is not ended with its message (its pieces may come
/// over other connections), so it is typed only from a full first 4 KiB or
/// when the resource's announced size is reached, and never when its range
/// does not start at the resource's first byte.
struct HTTPEntityFile {
    /// A 206 response's file.
    var isPartialResponse = false
    /// Where a partial response's bytes lie in the resource, and the
    /// resource's size when announced.
    var rangeStart: Int64 = 0
    var resourceSize: Int64?
    /// Inside a multipart body the line break before the next boundary
    /// belongs to the boundary, so a part's line breaks are given late.
    var owesLineBreak = false
    private(set) var isOpen = false
    private(set) var isTyped = false
    /// The first bytes, kept until the type is detected.
    private var head: [UInt8] = []
    private var delivered: Int64 = 0

    /// A reply's headers are in: a 206 response's file is not ended with its
    /// message, and a range (`Content-Range`) places its bytes in the
    /// resource, whose announced size ends the file (not for a compressed
    /// body, whose size Zeek then does not pass on).
    mutating func partial(replyCode: Int, message: HTTPMessage) {
        isPartialResponse = replyCode == 206
        guard message.isPartialContent else { return }
        rangeStart = message.rangeFirst
        resourceSize = message.instanceLength > 0 && !message.isCompressed ? message.instanceLength : nil
    }

    /// Opens the file; true when it was not open yet (Zeek's file reaching the connection).
    mutating func open() -> Bool {
        defer { isOpen = true }
        return !isOpen
    }

    /// Body bytes in order; returns the type when this delivery detects one.
    mutating func take(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard !isTyped, rangeStart == 0, !bytes.isEmpty else { return nil }
        delivered += Int64(bytes.count)
        head.append(contentsOf: bytes.prefix(FileMagic.sniffLength - head.count))
        if head.count >= FileMagic.sniffLength || resourceSize.map({ delivered >= $0 }) == true { return detect() }
        return nil
    }

    /// The entity ended (a partial response's file does not end with it) or
    /// a gap cut the body: the type is detected from what came.
    mutating func end(byGap: Bool = false) -> String? {
        guard isOpen, !isTyped, byGap || !isPartialResponse else { return nil }
        guard rangeStart == 0 else {
            markTyped()
            return nil
        }
        return detect()
    }

    /// The file was typed elsewhere: another entity of the connection
    /// brought it first (a range request's resource).
    mutating func markTyped() {
        isTyped = true
        head = []
    }

    /// Zeek's `InferMetadata`, once per file.
    private mutating func detect() -> String? {
        isTyped = true
        defer { head = [] }
        return head.withUnsafeBytes { FileMagic.zeek.mimeType(of: $0) }
    }
}

extension HTTPEntityFile {
    func carry(into writer: inout StateWriter) {
        writer.put(isPartialResponse)
        writer.put(rangeStart)
        writer.put(resourceSize ?? -1)
        writer.put(owesLineBreak)
        writer.put(isOpen)
        writer.put(isTyped)
        writer.put(head)
        writer.put(delivered)
    }

    init(carriedFrom reader: inout StateReader) throws {
        isPartialResponse = try reader.bool()
        rangeStart = try reader.int64()
        let size = try reader.int64()
        resourceSize = size < 0 ? nil : size
        owesLineBreak = try reader.bool()
        isOpen = try reader.bool()
        isTyped = try reader.bool()
        head = try reader.byteString()
        delivered = try reader.int64()
        guard head.count <= FileMagic.sniffLength else {
            throw CarriedStateError.malformed("an HTTP file head of \(head.count) bytes")
        }
    }
}

/// The bytes of one direction that a service recogniser holds until it can
/// decide, bounded so that a connection which never completes a message
/// costs at most `capacity` bytes.
///
/// Recognisers see only a connection's first messages, so the storage is
/// allocated once, on the first append, and kept for the connection.
struct RecognizerBuffer: Sendable {
    private var storage: [UInt8] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { storage.count }

    var isEmpty: Bool { storage.isEmpty }

    /// Appends as much of `bytes` as fits; `false` when some did not.
    @discardableResult
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let room = capacity - storage.count
        if storage.capacity == 0 { storage.reserveCapacity(min(capacity, 512)) }
        guard bytes.count > room else {
            storage.append(contentsOf: bytes)
            return true
        }
        storage.append(contentsOf: bytes.prefix(max(room, 0)))
        return false
    }

    /// Drops the first `count` bytes (a message the recogniser has finished).
    mutating func removeFirst(_ count: Int) {
        storage.removeFirst(min(count, storage.count))
    }

    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
    }

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        storage.withUnsafeBytes(body)
    }
}

/// One direction of a text protocol cut into lines as Zeek's ContentLine
/// analyzer delivers them to FTP and SMTP: a line feed ends a line and the
/// carriage returns before it are dropped. An unfinished line is held up to
/// `capacity` bytes; the rest of a longer line is dropped, since every
/// recogniser decides from a line's first words.
struct RecognizerLines: Sendable {
    private var line: RecognizerBuffer
    private var isComplete = false
    /// After a content gap the bytes up to the next line feed end a line
    /// whose start was lost.
    private var skipsToNextLine = false

    init(capacity: Int) {
        line = RecognizerBuffer(capacity: capacity)
    }

    /// Consumes `bytes` from `offset` up to and including the next line feed;
    /// `true` when a whole line is ready for `withLine`.
    mutating func advance(_ bytes: UnsafeRawBufferPointer, offset: inout Int) -> Bool {
        if isComplete {
            line.removeAll()
            isComplete = false
        }
        if skipsToNextLine {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[min(offset, bytes.count)...])
            guard let end = rest.firstIndex(of: 0x0A) else {
                offset = bytes.count
                return false
            }
            offset += end + 1
            skipsToNextLine = false
        }
        guard offset < bytes.count else { return false }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        if let end = rest.firstIndex(of: 0x0A) {
            line.append(UnsafeRawBufferPointer(rebasing: rest[..<end]))
            offset += end + 1
            isComplete = true
            return true
        }
        line.append(rest)
        offset = bytes.count
        return false
    }

    /// Forgets a partial line and skips to the next line feed: after a
    /// content gap the next bytes are the middle of some line.
    mutating func resynchronize() {
        line.removeAll()
        isComplete = false
        skipsToNextLine = true
    }

    /// The finished line without its end-of-line characters.
    func withLine<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        line.withBytes { bytes in
            var end = bytes.count
            while end > 0, bytes[end - 1] == 0x0D { end -= 1 }
            return body(UnsafeRawBufferPointer(rebasing: bytes[..<end]))
        }
    }
}

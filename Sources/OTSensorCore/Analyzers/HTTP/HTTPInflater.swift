import CZlib

/// Decompresses a gzip or deflate body only to count its bytes, as Zeek's
/// ZIP analyzer does for http.log's body lengths ("uncompressed content
/// size"): zlib or gzip headers are detected, a stream whose first data has
/// neither is retried as raw deflate, and decoding stops for good at the
/// stream's end or at the first error. The output goes to a fixed 4 KiB
/// buffer, is shown to the caller (the body's file) and discarded.
final class HTTPInflater {
    private static let outputSize = 4096
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let output = UnsafeMutablePointer<UInt8>.allocate(capacity: HTTPInflater.outputSize)
    private var isOpen = false
    private var isDone = false
    /// The stream could not be decoded (counted by the caller).
    private(set) var failed = false
    /// What was fed so far, while it stays within `replayLimit` (kept only
    /// with `--state`): zlib's state cannot be saved, so a body carried into
    /// the next slice of a stream is inflated again from its start there.
    private var fed: [UInt8]?
    static let replayLimit = 1 << 20

    init(keepsInput: Bool) {
        fed = keepsInput ? [] : nil
        stream.initialize(to: z_stream())
        isOpen = inflateInit2_(stream, MAX_WBITS + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        isDone = !isOpen
    }

    deinit {
        if isOpen { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    /// Decompresses `bytes`, handing each piece of output to `output`;
    /// returns how many bytes they decompressed to.
    func feed(_ bytes: UnsafeRawBufferPointer, output deliver: (UnsafeRawBufferPointer) -> Void = { _ in }) -> Int {
        guard !isDone, let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        if let kept = fed?.count {
            if kept + bytes.count <= Self.replayLimit { fed?.append(contentsOf: bytes) } else { fed = nil }
        }
        var produced = 0
        var mayRestart = true
        let input = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(bytes.count)
        while true {
            stream.pointee.next_out = output
            stream.pointee.avail_out = UInt32(Self.outputSize)
            let status = inflate(stream, Z_SYNC_FLUSH)
            if status == Z_OK || status == Z_STREAM_END {
                mayRestart = false
                let count = Self.outputSize - Int(stream.pointee.avail_out)
                produced += count
                if count > 0 { deliver(UnsafeRawBufferPointer(start: output, count: count)) }
                if status == Z_STREAM_END {
                    close()
                    return produced
                }
                if stream.pointee.avail_in == 0 { return produced }
            } else if mayRestart && status == Z_DATA_ERROR {
                // Some servers send deflate without the zlib header.
                inflateEnd(stream)
                guard inflateInit2_(stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                    isOpen = false
                    fail()
                    return produced
                }
                stream.pointee.next_in = input
                stream.pointee.avail_in = UInt32(bytes.count)
                mayRestart = false
            } else {
                fail()
                return produced
            }
        }
    }

    private func close() {
        if isOpen { inflateEnd(stream) }
        isOpen = false
        isDone = true
    }

    private func fail() {
        failed = true
        close()
    }

    /// Whether the inflater can be carried into the next slice: done, or fed
    /// no more than it keeps.
    var isCarriable: Bool { isDone || fed != nil }

    func carry(into writer: inout StateWriter) {
        writer.put(isDone)
        writer.put(failed)
        writer.put(isDone ? [] : fed ?? [])
    }

    /// An inflater in the state `carry` saved: fed the same bytes again.
    convenience init(carriedFrom reader: inout StateReader) throws {
        self.init(keepsInput: true)
        let done = try reader.bool(), failed = try reader.bool(), fed = try reader.byteString()
        guard fed.count <= Self.replayLimit else {
            throw CarriedStateError.malformed("a compressed body of \(fed.count) bytes")
        }
        if done { close() } else { _ = fed.withUnsafeBytes { feed($0) } }
        self.failed = failed
    }
}

import CZlib

/// One gzip/deflate layer of a body as libhtp decodes it for detection,
/// which is more lenient than zlib's own gzip reader (Zeek's, in
/// `HTTPInflater`): the gzip header is skipped by hand, reserved flag bits
/// and the header CRC unchecked, and the data inflated as raw deflate, so
/// a damaged header or trailer does not hide the content. Anything else is
/// tried as zlib, then raw deflate. Output made before an error is kept; a
/// layer that fails before any output passes its input through as sent.
final class HTTPBodyDecoder {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var isOpen = false
    private var isDone = false
    /// Input held until the gzip header is complete, or until some output
    /// shows the layer decodes (for the passthrough).
    private var pending: [UInt8] = []
    private var started = false
    private var producedAny = false
    private var passesThrough = false

    init() { stream.initialize(to: z_stream()) }

    deinit {
        if isOpen { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Decodes `data`, appending the output to `out`.
    func feed(_ data: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        if passesThrough {
            out.append(contentsOf: data)
            return
        }
        guard !isDone else { return }
        if !producedAny { pending.append(contentsOf: data) }
        if !started {
            guard let input = start() else { return }
            pending.withUnsafeBytes { inflateAll(UnsafeRawBufferPointer(rebasing: $0[input...]), into: &out) }
        } else {
            inflateAll(data, into: &out)
        }
        if passesThrough {
            out.append(contentsOf: pending)
            pending = []
        } else if producedAny {
            pending = []
        }
    }

    /// Opens the stream once enough input has come; returns where the
    /// deflate data starts in `pending`, or nil to wait for more.
    private func start() -> Int? {
        if pending.count >= 2 && pending[0] == 0x1F && pending[1] == 0x8B {
            guard let end = Self.gzipHeaderEnd(pending) else { return nil }
            open(windowBits: -MAX_WBITS)
            return end
        }
        guard pending.count >= 2 else { return nil }
        let zlibHeader = pending[0] & 0x0F == 8 && (UInt16(pending[0]) << 8 | UInt16(pending[1])) % 31 == 0
        open(windowBits: zlibHeader ? MAX_WBITS : -MAX_WBITS)
        return 0
    }

    private func open(windowBits: Int32) {
        isOpen = inflateInit2_(stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        started = true
        if !isOpen { fail() }
    }

    /// The end of a gzip header (RFC 1952 §2.3): flags FEXTRA, FNAME,
    /// FCOMMENT and FHCRC are followed; nil while it is incomplete.
    static func gzipHeaderEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 10 else { return nil }
        let flags = b[3]
        var i = 10
        if flags & 0x04 != 0 {
            guard b.count >= i + 2 else { return nil }
            i += 2 + (Int(b[i]) | Int(b[i + 1]) << 8)
        }
        for bit: UInt8 in [0x08, 0x10] where flags & bit != 0 {
            guard let zero = b[min(i, b.count)...].firstIndex(of: 0) else { return nil }
            i = zero + 1
        }
        if flags & 0x02 != 0 { i += 2 }
        return b.count >= i ? i : nil
    }

    private func inflateAll(_ data: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        guard isOpen, let base = data.baseAddress, !data.isEmpty else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(data.count)
        while true {
            let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = UInt32(buffer.count)
                return inflate(stream, Z_SYNC_FLUSH)
            }
            let made = chunk.count - Int(stream.pointee.avail_out)
            if made > 0 {
                producedAny = true
                out.append(contentsOf: chunk[..<made])
            }
            if status == Z_STREAM_END || (status != Z_OK && status != Z_BUF_ERROR) {
                status == Z_STREAM_END ? close() : fail()
                return
            }
            if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return }
            if status == Z_BUF_ERROR { return }
        }
    }

    private func close() {
        if isOpen { inflateEnd(stream) }
        isOpen = false
        isDone = true
    }

    /// An error: output already made stands; with none, the layer passes
    /// everything through as sent.
    private func fail() {
        close()
        guard !producedAny else { return }
        passesThrough = true
        isDone = false
    }
}

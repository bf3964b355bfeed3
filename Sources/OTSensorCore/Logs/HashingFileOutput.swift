#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto

/// A file written through one reusable buffer and hashed on the way, so a log of
/// any size streams to disk in large writes and its size and SHA-256 (which the
/// manifest lists) are known when it is closed, without reading it back.
struct HashingFileOutput: ~Copyable {
    let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var hasher = SHA256()
    private(set) var byteCount = 0

    static let bufferCapacity = 1 << 20
    static let directWriteSize = 1 << 16

    init(path: String) throws {
        let descriptor: Int32
        do {
            descriptor = try FileModes.openForWriting(path, mode: FileModes.data)
        } catch let error as FileModeError {
            throw LogFileError(path: path, operation: "open", code: error.code)
        }
        self.path = path
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.bufferCapacity)
    }

    /// Small pieces (a header, a trailer, an encoder's few rows) are gathered;
    /// a large one, such as a writer's full batch of rows, goes to the file as
    /// it is, since copying it into the buffer first would copy every byte of
    /// a big log twice.
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: bytes)
        byteCount += bytes.count
        if buffer.count + bytes.count > Self.bufferCapacity || bytes.count >= Self.directWriteSize { try flush() }
        if bytes.count >= Self.directWriteSize {
            try Self.writeAll(bytes, to: descriptor, path: path)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Writes what is buffered and closes the file; the summary's digest covers
    /// exactly the bytes on disk.
    consuming func finish() throws -> (byteCount: Int, sha256: String) {
        try flush()
        let result = close(descriptor)
        descriptor = -1
        guard result == 0 else { throw LogFileError(path: path, operation: "close", code: errno) }
        let hex = hasher.finalize().flatMap { [LogText.hexDigit($0 >> 4), LogText.hexDigit($0 & 0xF)] }
        return (byteCount, String(decoding: hex, as: UTF8.self))
    }

    deinit {
        // finish() has closed it already; otherwise an error cut the writing short.
        if descriptor >= 0 { _ = close(descriptor) }
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { pending in
            try Self.writeAll(pending, to: descriptor, path: path)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw LogFileError(path: path, operation: "write", code: errno)
            }
            offset += written
        }
    }
}

import Crypto
import Dispatch
import Foundation

/// The SHA-256 of the input file, computed on a background thread while the
/// packets are analyzed; the manifest records it. (pcap-bare-read uses it too,
/// to time the least any slice can cost: reading plus this digest.)
public final class InputDigest: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: Result<String, Error> = .success("")
    private var spent: Int64 = 0

    public init(path: String) {
        group.enter()
        DispatchQueue.global().async { [self] in
            let start = StageClock.threadCPUNanoseconds()
            result = Result { try Self.hash(path) }
            spent = StageClock.threadCPUNanoseconds() - start
            group.leave()
        }
    }

    /// The CPU time the digest took, once it is done.
    var cpuNanoseconds: Int64 {
        group.wait()
        return spent
    }

    /// Waits for the digest: lower-case hex.
    public func value() throws -> String {
        group.wait()
        return try result.get()
    }

    /// Hashes the file through read-only mappings of `window` bytes at a time:
    /// no copy into user buffers, and at most one window counts in the
    /// process's resident memory.
    private static func hash(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CaptureError.notReadable(path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw CaptureError.notReadable(path, reason: String(cString: strerror(errno)))
        }
        let size = Int(status.st_size), window = 32 << 20
        var hasher = SHA256()
        var offset = 0
        while offset < size {
            let length = min(window, size - offset)
            guard let mapping = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, off_t(offset)),
                  mapping != MAP_FAILED else {
                throw CaptureError.notReadable(path, reason: String(cString: strerror(errno)))
            }
            madvise(mapping, length, Int32(MADV_SEQUENTIAL))
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: mapping, count: length))
            munmap(mapping, length)
            offset += length
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

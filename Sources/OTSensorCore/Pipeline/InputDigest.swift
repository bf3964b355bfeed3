import Crypto
import Dispatch
import Foundation

/// The SHA-256 of the input file, computed on a background thread while the
/// packets are analyzed (the manifest records it, and it seeds the uids).
final class InputDigest: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: Result<String, Error> = .success("")

    init(path: String) {
        group.enter()
        DispatchQueue.global().async { [self] in
            result = Result { try Self.hash(path) }
            group.leave()
        }
    }

    /// Waits for the digest: lower-case hex.
    func value() throws -> String {
        group.wait()
        return try result.get()
    }

    /// Hashes the file with plain reads into one reused buffer (a mapping would
    /// count the whole file in the process's resident memory).
    private static func hash(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CaptureError.notReadable(path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw CaptureError.notReadable(path, reason: String(cString: strerror(errno))) }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

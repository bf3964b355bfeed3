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

    private static func hash(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CaptureError.notReadable(path, reason: "cannot open")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let data = try handle.read(upToCount: 4 << 20) ?? Data()
            if data.isEmpty { break }
            hasher.update(data: data)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

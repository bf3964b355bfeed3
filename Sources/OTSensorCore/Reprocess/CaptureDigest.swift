import Crypto
import Foundation

/// The SHA-256 a slice's manifest records for its input, found again without
/// processing the slice: the `CAPTURE.sha256` sidecar `otsensor capture` wrote
/// when there is one, else the file's own digest, or the digest of the
/// decompressed capture for a `.zst` (process-slice reads, and hashes, that).
enum CaptureDigest {
    static func sha256(of path: String, verifyInput: Bool) throws -> String {
        if ZstdFileReader.isCompressed(path) { return try decompressedDigest(path) }
        if !verifyInput, let recorded = DigestSidecar.recordedDigest(of: path) { return recorded }
        return try InputDigest(path: path).value()
    }

    private static func decompressedDigest(_ path: String) throws -> String {
        let reader = try ZstdFileReader(path: path)
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got: Int
            do {
                got = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            } catch ZstdReadError.truncated {
                break  // process-slice read, and hashed, the bytes before the cut
            }
            if got == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<got])) }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

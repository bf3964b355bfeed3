import Crypto
import Foundation

/// `CAPTURE.sha256` beside a capture, in sha256sum's format
/// (`<64 hex digits>  <file name>`): `otsensor capture` writes it when it
/// closes a slice, so that `process-slice` need not hash the capture again —
/// the input's SHA-256 is, on two cores, slower than libpcap reads the file.
public enum DigestSidecar {
    public static func path(of capture: String) -> String { "\(capture).sha256" }

    /// The digest a sidecar records for `capture`, or nil when there is none,
    /// it names another file, it is malformed, or it is older than the capture
    /// (the capture changed after it was written).
    public static func recordedDigest(of capture: String) -> String? {
        let sidecar = path(of: capture)
        var captureStatus = stat(), sidecarStatus = stat()
        guard stat(capture, &captureStatus) == 0, stat(sidecar, &sidecarStatus) == 0,
              !isOlder(sidecarStatus, than: captureStatus),
              sidecarStatus.st_size < 4096,
              let text = try? String(contentsOfFile: sidecar, encoding: .utf8) else { return nil }
        let fields = text.split(separator: "\n").first?.split(separator: " ", maxSplits: 1) ?? []
        guard fields.count == 2 else { return nil }
        let digest = String(fields[0]), name = fields[1].drop { $0 == " " || $0 == "*" }
        guard digest.utf8.count == 64, digest.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }),
              name == (capture as NSString).lastPathComponent[...] else { return nil }
        return digest.lowercased()
    }

    /// Hashes `capture` and writes its sidecar (mode `FileModes.data`).
    public static func write(for capture: URL, named name: String) throws {
        let handle = try FileHandle(forReadingFrom: capture)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let sidecar = capture.deletingLastPathComponent().appendingPathComponent("\(name).sha256")
        try AtomicRename.write(Data("\(hex)  \(name)\n".utf8), to: sidecar)
    }

    private static func isOlder(_ a: stat, than b: stat) -> Bool {
        (a.st_mtim.tv_sec, a.st_mtim.tv_nsec) < (b.st_mtim.tv_sec, b.st_mtim.tv_nsec)
    }
}

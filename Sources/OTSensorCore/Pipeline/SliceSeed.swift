import Crypto
import Foundation

/// The number every uid of a slice is derived from: SHA-256 over the file's
/// size and its first MiB (the capture header and its first packets), known
/// before the first packet is analyzed. Analyzers can therefore write rows
/// with their connection's uid as they go, instead of holding every row until
/// the whole file has been hashed; two different slices differ in their first
/// packets or their size, so their uids differ. Several inputs give the
/// SHA-256 of their seeds, in the order they were named.
enum SliceSeed {
    static let prefixBytes = 1 << 20

    static func compute(inputs: [SliceInput]) throws -> UInt64 {
        let seeds = try inputs.map { try compute(path: $0.path, size: $0.size) }
        guard seeds.count > 1 else { return seeds.first ?? 0 }
        var hasher = SHA256()
        for seed in seeds { withUnsafeBytes(of: seed.bigEndian) { hasher.update(bufferPointer: $0) } }
        return hasher.finalize().withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    static func compute(path: String, size: Int) throws -> UInt64 {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CaptureError.notReadable(path, reason: "cannot open")
        }
        defer { try? handle.close() }
        let prefix = try handle.read(upToCount: prefixBytes) ?? Data()
        var hasher = SHA256()
        withUnsafeBytes(of: UInt64(size).bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(data: prefix)
        return hasher.finalize().withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }
}

import Foundation

/// rename(2) within one file system, then an fsync of the target's folder so the new
/// name survives a power cut as well as a crash.
public enum AtomicRename {
    public static func move(_ source: URL, to target: URL) throws {
        guard rename(source.path, target.path) == 0 else {
            throw SpoolError.notWritable(target.path, reason: "rename from \(source.lastPathComponent): \(String(cString: strerror(errno)))")
        }
        syncFolder(of: target)
    }

    /// Writes `data` to a temporary sibling with `mode`, syncs it, then renames
    /// it into place (replacing, never following, a link at `target`).
    public static func write(_ data: Data, to target: URL, mode: mode_t = FileModes.data) throws {
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
        do {
            try FileModes.write(data, to: temporary.path, mode: mode)
            try move(temporary, to: target)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    static func syncFolder(of file: URL) {
        let descriptor = open(file.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

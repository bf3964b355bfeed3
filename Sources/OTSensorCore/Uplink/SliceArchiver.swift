import Foundation

/// Packages a finished log directory as `<slice-id>.tar.zst`: a ustar archive of its
/// files (bare names, sorted) compressed with zstd. It is written under a temporary
/// name in the same folder and renamed, so the outbox only ever holds whole archives.
public struct SliceArchiver: Sendable {
    public let level: Int32

    public init(level: Int32 = 10) { self.level = level }

    public func archive(directory: URL, to archive: URL) throws {
        try removeAbandonedTemporaries(of: archive)
        let temporary = archive.deletingLastPathComponent()
            .appendingPathComponent(".\(archive.lastPathComponent).tmp-\(getpid())")
        do {
            let writer = try ZstdFileWriter(path: temporary.path, level: level)
            let tar = TarWriter(output: writer)
            for name in try Self.members(of: directory) {
                try tar.addFile(named: name, from: directory.appendingPathComponent(name))
            }
            try tar.finish()
            try writer.finish()
            try AtomicRename.move(temporary, to: archive)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Temporary archives a killed run left behind: invisible to send, but disk all the same.
    private func removeAbandonedTemporaries(of archive: URL) throws {
        let folder = archive.deletingLastPathComponent()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where name.hasPrefix(".\(archive.lastPathComponent).tmp-") {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// The regular files of a log directory, sorted by name; dot-files are writes in
    /// progress, not logs.
    static func members(of directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { name in
            guard !name.hasPrefix(".") else { return false }
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path,
                                                  isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }
}

import Foundation

/// Packages a finished log directory as `<slice-id>.tar.zst`: a ustar archive of its
/// files (bare names, sorted) compressed with zstd. It is written under a temporary
/// name in the same folder and renamed, so the outbox only ever holds whole archives.
public struct SliceArchiver: Sendable {
    public let level: Int32

    public init(level: Int32 = 10) { self.level = level }

    public func archive(directory: URL, to archive: URL) throws {
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

    /// The regular files of a log directory, sorted by name.
    static func members(of directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path,
                                                  isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }
}

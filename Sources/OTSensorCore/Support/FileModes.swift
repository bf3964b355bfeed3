import Foundation

/// The permissions of everything otsensor writes. Captures hold a plant's
/// traffic and the logs are made from it: readable by the sensor's user and
/// group only. State and locks are the user's alone. Files are created with
/// O_NOFOLLOW, so a symbolic link planted in the spool under a name otsensor
/// writes is refused instead of followed to wherever it points.
public enum FileModes {
    /// Logs, manifests, captures, archives.
    public static let data: mode_t = 0o640
    /// Upload state, the sent-record, locks, support bundles.
    public static let owner: mode_t = 0o600
    /// Spool folders and output directories.
    public static let directory: mode_t = 0o750

    /// Makes whatever the process creates without an explicit mode (Foundation's
    /// writes, libraries) no more open than `data` and `directory`.
    public static func restrictProcessUmask() {
        umask(0o027)
    }

    /// Opens `path` for writing, created with exactly `mode` (whatever the umask)
    /// and never through a symbolic link; `append` keeps what is there.
    public static func openForWriting(_ path: String, mode: mode_t, append: Bool = false) throws -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        let descriptor = open(path, flags, mode)
        guard descriptor >= 0 else { throw FileModeError(path: path, code: errno) }
        guard fchmod(descriptor, mode) == 0 else {
            let code = errno
            close(descriptor)
            throw FileModeError(path: path, code: code)
        }
        return descriptor
    }

    /// Writes `data` to a new file at `path` with `mode`, through no link.
    public static func write(_ data: Data, to path: String, mode: mode_t) throws {
        let descriptor = try openForWriting(path, mode: mode)
        defer { close(descriptor) }
        try data.withUnsafeBytes { try writeAll($0, to: descriptor, path: path) }
        guard fsync(descriptor) == 0 else { throw FileModeError(path: path, code: errno) }
    }

    /// Writes every byte of `bytes` to `descriptor`, across short writes and signals; a
    /// failure (a full disk) names `path` with the system's reason, which FileHandle's
    /// errors leave out.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileModeError(path: path, code: errno)
            }
            offset += written
        }
    }

    /// Creates `path` (and missing parents) as a directory with `directory`'s
    /// mode, and narrows an existing one that is more open than that.
    public static func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: Int(directory)])
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR, status.st_uid == geteuid(),
           status.st_mode & 0o7777 & ~directory != 0 {
            chmod(path, status.st_mode & directory)
        }
    }
}

/// A file otsensor could not create or write, with the system's reason.
public struct FileModeError: Error, CustomStringConvertible {
    public let path: String
    public let code: Int32

    public var description: String {
        code == ELOOP ? "\(path) is a symbolic link: refusing to write through it"
            : "cannot write \(path): \(String(cString: strerror(code)))"
    }
}

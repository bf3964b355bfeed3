import Foundation

/// Why the output directory could not be prepared or published.
public enum OutputError: Error, CustomStringConvertible {
    case exists(String)
    case notADirectory(String)
    case notWritable(String, reason: String)
    case holdsWorkingDirectory(String)

    public var description: String {
        switch self {
        case .holdsWorkingDirectory(let path):
            "--out \(path) is the directory process-slice runs in, or holds it: the output replaces --out as a whole, "
                + "so name a new directory (e.g. --out logs)"
        case .exists(let path): "output directory \(path) already exists and is not empty (use --force to replace it)"
        case .notADirectory(let path): "\(path) exists and is not a directory: --out names a directory to create (--force replaces only a directory)"
        case .notWritable(let path, let reason): "cannot write output \(path): \(reason)"
        }
    }
}

/// A slice's output is written into `<out>.tmp-<pid>` and renamed to `<out>`
/// only when complete, so a crash or kill never leaves a half-written `<out>`.
/// An existing `<out>` is refused unless it is an empty directory or `force` is
/// set; something at `<out>` that is not a directory is never replaced.
struct OutputDirectory {
    let finalPath: String
    let temporaryPath: String

    init(path: String, force: Bool) throws {
        let manager = FileManager.default
        let final = (path as NSString).standardizingPath
        if Self.holdsWorkingDirectory(final) { throw OutputError.holdsWorkingDirectory(path) }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: final, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw OutputError.notADirectory(final) }
            // An empty directory holds nothing to lose: a caller may create it first.
            let isEmpty = (try? manager.contentsOfDirectory(atPath: final))?.isEmpty ?? false
            if !isEmpty && !force { throw OutputError.exists(final) }
        }
        finalPath = final
        temporaryPath = StaleOutputs.siblingPath(of: final, kind: .tmp)
        InterruptCleanup.register(temporaryPath)
        do {
            if manager.fileExists(atPath: temporaryPath) { try manager.removeItem(atPath: temporaryPath) }
            try Self.makeDirectory(temporaryPath, for: final)
        } catch {
            InterruptCleanup.unregister(temporaryPath)
            throw error
        }
    }

    func path(of file: String) -> String { "\(temporaryPath)/\(file)" }

    /// Moves the finished directory into place; an existing one (with --force)
    /// is replaced only after the new one is complete.
    func publish() throws {
        let manager = FileManager.default
        let previous = StaleOutputs.siblingPath(of: finalPath, kind: .old)
        if manager.fileExists(atPath: finalPath) { try Self.rename(finalPath, to: previous, for: finalPath) }
        try Self.rename(temporaryPath, to: finalPath, for: finalPath)
        InterruptCleanup.unregister(temporaryPath)
        if manager.fileExists(atPath: previous) {
            do {
                try manager.removeItem(atPath: previous)
            } catch {
                throw OutputError.notWritable(finalPath, reason: "the new output is in place, but the old one "
                                              + "could not be removed from \(previous)")
            }
        }
    }

    func discard() {
        try? FileManager.default.removeItem(atPath: temporaryPath)
        InterruptCleanup.unregister(temporaryPath)
    }

    /// Whether `path` is the working directory or one of its parents, which
    /// cannot be renamed away and replaced.
    private static func holdsWorkingDirectory(_ path: String) -> Bool {
        guard let resolved = realpath(path, nil) else { return false }
        defer { free(resolved) }
        let target = String(cString: resolved)
        let here = FileManager.default.currentDirectoryPath
        return target == "/" || here == target || here.hasPrefix(target + "/")
    }

    /// Creates the missing parents, then `path` itself with mkdir(2), so that
    /// a failure is reported with the system's own reason and the directory it
    /// happened in, not Foundation's generic text.
    private static func makeDirectory(_ path: String, for output: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent) {
            do {
                try FileModes.makeDirectory(parent)
            } catch {
                throw OutputError.notWritable(output, reason: "cannot create its parent directory \(parent)")
            }
        }
        guard mkdir(path, FileModes.directory) != 0 else { return }
        let code = errno
        let place = parent.isEmpty ? "the current directory" : parent
        let reason = switch code {
        case ENOENT where FileManager.default.fileExists(atPath: parent):
            "\(place) does not accept new directories (a virtual file system such as /proc or /sys?)"
        case EACCES, EPERM: "no permission to create a directory in \(place)"
        case EROFS: "\(place) is on a read-only file system"
        case ENOSPC, EDQUOT: "no space left in \(place)"
        case ENOTDIR: "\(place) is not a directory"
        default: "cannot create a directory in \(place): \(String(cString: strerror(code)))"
        }
        throw OutputError.notWritable(output, reason: reason)
    }

    private static func rename(_ source: String, to target: String, for output: String) throws {
        guard Glibc.rename(source, target) != 0 else { return }
        throw OutputError.notWritable(output, reason: "cannot rename \(source) to \(target): \(String(cString: strerror(errno)))")
    }
}

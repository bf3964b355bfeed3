import Foundation

/// Why the output directory could not be prepared or published.
public enum OutputError: Error, CustomStringConvertible {
    case exists(String)
    case notADirectory(String)
    case notWritable(String, reason: String)

    public var description: String {
        switch self {
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
            try FileModes.makeDirectory(temporaryPath)
        } catch {
            InterruptCleanup.unregister(temporaryPath)
            throw OutputError.notWritable(final, reason: Self.reason(error))
        }
    }

    func path(of file: String) -> String { "\(temporaryPath)/\(file)" }

    /// Moves the finished directory into place; an existing one (with --force)
    /// is replaced only after the new one is complete.
    func publish() throws {
        let manager = FileManager.default
        let previous = StaleOutputs.siblingPath(of: finalPath, kind: .old)
        do {
            if manager.fileExists(atPath: finalPath) { try manager.moveItem(atPath: finalPath, toPath: previous) }
            try manager.moveItem(atPath: temporaryPath, toPath: finalPath)
            InterruptCleanup.unregister(temporaryPath)
            if manager.fileExists(atPath: previous) { try manager.removeItem(atPath: previous) }
        } catch {
            throw OutputError.notWritable(finalPath, reason: Self.reason(error))
        }
    }

    func discard() {
        try? FileManager.default.removeItem(atPath: temporaryPath)
        InterruptCleanup.unregister(temporaryPath)
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           let posix = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(posix.rawValue))
        }
        return nsError.localizedDescription
    }
}

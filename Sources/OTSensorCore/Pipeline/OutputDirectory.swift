import Foundation

/// Why the output directory could not be prepared or published.
public enum OutputError: Error, CustomStringConvertible {
    case exists(String)
    case notWritable(String, reason: String)

    public var description: String {
        switch self {
        case .exists(let path): "output directory \(path) already exists (use --force to replace it)"
        case .notWritable(let path, let reason): "cannot write output \(path): \(reason)"
        }
    }
}

/// A slice's output is written into `<out>.tmp-<pid>` and renamed to `<out>`
/// only when complete, so a crash or kill never leaves a half-written `<out>`.
/// An existing `<out>` is refused unless it is an empty directory or `force` is set.
struct OutputDirectory {
    let finalPath: String
    let temporaryPath: String

    init(path: String, force: Bool) throws {
        let manager = FileManager.default
        let final = (path as NSString).standardizingPath
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: final, isDirectory: &isDirectory) && !force {
            // An empty directory holds nothing to lose: a caller may create it first.
            let isEmptyDirectory = isDirectory.boolValue
                && ((try? manager.contentsOfDirectory(atPath: final))?.isEmpty ?? false)
            if !isEmptyDirectory { throw OutputError.exists(final) }
        }
        finalPath = final
        temporaryPath = "\(final).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            if manager.fileExists(atPath: temporaryPath) { try manager.removeItem(atPath: temporaryPath) }
            try manager.createDirectory(atPath: temporaryPath, withIntermediateDirectories: true)
        } catch {
            throw OutputError.notWritable(final, reason: Self.reason(error))
        }
    }

    func path(of file: String) -> String { "\(temporaryPath)/\(file)" }

    /// Moves the finished directory into place; an existing one (with --force)
    /// is replaced only after the new one is complete.
    func publish() throws {
        let manager = FileManager.default
        let previous = "\(finalPath).old-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            if manager.fileExists(atPath: finalPath) { try manager.moveItem(atPath: finalPath, toPath: previous) }
            try manager.moveItem(atPath: temporaryPath, toPath: finalPath)
            if manager.fileExists(atPath: previous) { try manager.removeItem(atPath: previous) }
        } catch {
            throw OutputError.notWritable(finalPath, reason: Self.reason(error))
        }
    }

    func discard() {
        try? FileManager.default.removeItem(atPath: temporaryPath)
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

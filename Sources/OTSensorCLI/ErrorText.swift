import Foundation

/// A sentence for an error the commands do not describe themselves. Our own
/// errors already read as sentences; Foundation's file errors would print as
/// "The operation could not be completed. (NSCocoaErrorDomain error 512.)",
/// so they become the path and the system's reason.
enum ErrorText {
    static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        guard nsError.domain == NSCocoaErrorDomain || nsError.domain == NSPOSIXErrorDomain else { return "\(error)" }
        let path = (nsError.userInfo[NSFilePathErrorKey] as? String)
            ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path
        let target = path.map { " \($0)" } ?? ""
        if let posix = posixCode(nsError) { return "cannot use\(target): \(String(cString: strerror(posix)))" }
        let reason = switch nsError.code {
        case CocoaError.fileNoSuchFile.rawValue, CocoaError.fileReadNoSuchFile.rawValue: "no such file or directory"
        case CocoaError.fileReadNoPermission.rawValue, CocoaError.fileWriteNoPermission.rawValue: "permission denied"
        case CocoaError.fileWriteOutOfSpace.rawValue: "no space left on the device"
        case CocoaError.fileWriteVolumeReadOnly.rawValue: "read-only file system"
        case CocoaError.fileWriteFileExists.rawValue: "it already exists"
        default: "the file system refused (Foundation error \(nsError.code))"
        }
        return "cannot use\(target): \(reason)"
    }

    private static func posixCode(_ error: NSError) -> Int32? {
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        guard let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
              underlying.domain == NSPOSIXErrorDomain else { return nil }
        return Int32(underlying.code)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the manifest records about a finished log file.
public struct LogFileSummary: Hashable, Sendable {
    /// Size of the file in bytes, framing included.
    public let byteCount: Int
    /// Data rows only: header and trailer lines are not records.
    public let recordCount: Int
    /// SHA-256 of the file's bytes, lower-case hex.
    public let sha256: String
}

/// A log file could not be written; carries the system's reason.
public struct LogFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let code: Int32

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(code)))"
    }
}

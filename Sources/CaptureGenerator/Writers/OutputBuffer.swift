import Foundation

/// Where a writer's bytes go: a file, reached in large chunks, or memory.
///
/// One system call per packet would dominate the time of a 500 MB benchmark
/// capture, so bytes collect in memory and reach the file `flushThreshold` at a
/// time. A class because it owns an open file: a copy would be a second owner of
/// one file position.
public final class OutputBuffer {
    private var pending: [UInt8] = []
    private let file: FileHandle?
    private let flushThreshold: Int
    /// Every byte ever written, flushed or not.
    public private(set) var totalBytes = 0

    /// Creates (or truncates) the file at `path`.
    public init(path: String, flushThreshold: Int = 8 << 20) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        self.file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        self.flushThreshold = flushThreshold
        pending.reserveCapacity(flushThreshold + 65_536)
    }

    /// A writer dropped without `close()` still leaves a complete file.
    deinit {
        try? flush()
    }

    /// Keeps everything in memory; read it back with `bytes`.
    public init() {
        self.file = nil
        self.flushThreshold = .max
    }

    /// The bytes written so far; for an in-memory buffer, all of them.
    public var bytes: [UInt8] { pending }

    public func write(_ bytes: [UInt8]) throws {
        pending.append(contentsOf: bytes)
        totalBytes += bytes.count
        if pending.count >= flushThreshold { try flush() }
    }

    public func flush() throws {
        guard let file, !pending.isEmpty else { return }
        try file.write(contentsOf: Data(pending))
        pending.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file; a no-op in memory.
    public func close() throws {
        try flush()
        try file?.close()
    }
}

/// A capture file format that packets can be streamed into.
public protocol PacketWriter: AnyObject {
    func write(_ packet: Packet) throws
    /// Flushes everything and closes the file.
    func close() throws
    /// File bytes produced so far, headers included.
    var bytesWritten: Int { get }
}

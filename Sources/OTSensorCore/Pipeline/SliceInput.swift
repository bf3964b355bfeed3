import Foundation

/// The capture a slice reads, as a regular file.
///
/// A slice reads its input more than once (the uid seed, the digest, the packets,
/// and a second analysis when times go back), which a pipe, a FIFO, a terminal
/// or `-` (standard input) cannot give, nor a Zstandard-compressed file
/// (`slice.pcap.zst`, recognised by its magic number, not its name). Those are
/// copied (decompressed) once into
/// `<out>.input-<pid>` (`<out>.input2-<pid>`, … for later inputs) beside the output directory, removed when the slice
/// ends, and by the next run for the same output if this process is killed.
struct SliceInput {
    /// What the user named; the manifest reports it.
    let name: String
    /// What the slice opens: `name` itself, or the copy.
    let path: String
    let size: Int
    /// Why the copy ends early: a compressed file cut inside a frame. Every byte
    /// before the cut is in the copy, so the slice reads the packets it can.
    private(set) var damage: String?
    private let isCopy: Bool

    /// `copy` numbers this input among the slice's inputs, so that two piped ones get two copies.
    init(name: String, outputPath: String, copy: Int = 0) throws {
        self.name = name
        let fileSize = name != "-" ? try Self.regularFileSize(name) : nil
        if let size = fileSize, !ZstdFileReader.isCompressed(name) {
            path = name
            self.size = size
            isCopy = false
            return
        }
        path = StaleOutputs.siblingPath(of: outputPath, kind: .input, copy: copy)
        let source = try Self.source(name, compressed: fileSize != nil)
        InterruptCleanup.register(path)
        do {
            if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
                try FileManager.default.createDirectory(atPath: String(path[..<slash]), withIntermediateDirectories: true)
            }
            (size, damage) = try Self.copy(from: source, name: name, to: path)
        } catch let error as CaptureError {
            unlink(path)
            InterruptCleanup.unregister(path)
            throw error
        } catch {
            unlink(path)
            InterruptCleanup.unregister(path)
            throw OutputError.notWritable(path, reason: (error as NSError).localizedDescription)
        }
        isCopy = true
    }

    /// Removes the copy, if one was made.
    func finish() {
        guard isCopy else { return }
        unlink(path)
        InterruptCleanup.unregister(path)
    }

    /// The size of a regular file, nil for a pipe or device, or an error.
    private static func regularFileSize(_ path: String) throws -> Int? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw CaptureError.notFound(path) }
            throw CaptureError.notReadable(path, reason: String(cString: strerror(errno)))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            guard access(path, R_OK) == 0 else { throw CaptureError.notReadable(path, reason: "permission denied") }
            return Int(status.st_size)
        case S_IFDIR:
            throw CaptureError.notReadable(path, reason: "is a directory")
        default:
            return nil
        }
    }

    /// Reads the bytes of an input that must be copied: decompressed, or as they come.
    private typealias Source = (UnsafeMutableRawBufferPointer) throws -> Int

    private static func source(_ name: String, compressed: Bool) throws -> Source {
        if compressed {
            let reader = try ZstdFileReader(path: name)
            return { buffer in
                do {
                    return try reader.read(into: buffer)
                } catch let error as ZstdReadError {
                    if case .truncated = error { throw error }
                    throw CaptureError.notReadable(name, reason: error.reason)
                }
            }
        }
        let descriptor = name == "-" ? STDIN_FILENO : open(name, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CaptureError.notReadable(name, reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: descriptor != STDIN_FILENO)
        return { buffer in
            while true {
                let got = read(handle.fileDescriptor, buffer.baseAddress, buffer.count)
                if got >= 0 { return got }
                if errno != EINTR { throw CaptureError.notReadable(name, reason: String(cString: strerror(errno))) }
            }
        }
    }

    /// Copies `source` to `path`; returns the bytes copied and, for a compressed
    /// file cut short, what is wrong with it.
    private static func copy(from source: Source, name: String, to path: String) throws -> (Int, String?) {
        let target = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard target >= 0 else {
            throw OutputError.notWritable(path, reason: String(cString: strerror(errno)))
        }
        defer { close(target) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let got: Int
            do {
                got = try buffer.withUnsafeMutableBytes { try source($0) }
            } catch let error as ZstdReadError {
                return (total, error.reason)
            }
            if got == 0 { return (total, nil) }
            var written = 0
            while written < got {
                let put = buffer.withUnsafeBytes { write(target, $0.baseAddress! + written, got - written) }
                if put < 0 {
                    if errno == EINTR { continue }
                    throw OutputError.notWritable(path, reason: String(cString: strerror(errno)))
                }
                written += put
            }
            total += got
        }
    }
}

import Foundation

/// The capture a slice reads, as a regular file.
///
/// A slice reads its input more than once (the uid seed, the digest, the packets,
/// and a second analysis when times go back), which a pipe, a FIFO, a terminal
/// or `-` (standard input) cannot give. Those are copied once into
/// `<out>.input-<pid>` (`<out>.input2-<pid>`, … for later inputs) beside the output directory, removed when the slice
/// ends, and by the next run for the same output if this process is killed.
struct SliceInput {
    /// What the user named; the manifest reports it.
    let name: String
    /// What the slice opens: `name` itself, or the copy.
    let path: String
    let size: Int
    private let isCopy: Bool

    /// `copy` numbers this input among the slice's inputs, so that two piped ones get two copies.
    init(name: String, outputPath: String, copy: Int = 0) throws {
        self.name = name
        if name != "-", let size = try Self.regularFileSize(name) {
            path = name
            self.size = size
            isCopy = false
            return
        }
        path = StaleOutputs.siblingPath(of: outputPath, kind: .input, copy: copy)
        let source = name == "-" ? STDIN_FILENO : open(name, O_RDONLY)
        guard source >= 0 else { throw CaptureError.notReadable(name, reason: String(cString: strerror(errno))) }
        defer { if source != STDIN_FILENO { close(source) } }
        InterruptCleanup.register(path)
        do {
            if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
                try FileManager.default.createDirectory(atPath: String(path[..<slash]), withIntermediateDirectories: true)
            }
            size = try Self.copy(from: source, name: name, to: path)
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

    private static func copy(from source: Int32, name: String, to path: String) throws -> Int {
        let target = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard target >= 0 else {
            throw OutputError.notWritable(path, reason: String(cString: strerror(errno)))
        }
        defer { close(target) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let got = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if got == 0 { return total }
            if got < 0 {
                if errno == EINTR { continue }
                throw CaptureError.notReadable(name, reason: String(cString: strerror(errno)))
            }
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

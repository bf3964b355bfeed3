import CZstd
import Foundation

/// Reads a Zstandard-compressed file (`slice.pcap.zst`, as `zstd` writes it,
/// one frame or several) as a stream of decompressed bytes, with libzstd's
/// streaming API: archives of slices are usually kept compressed, and
/// decompressing as we go needs no second copy on disk.
public final class ZstdFileReader {
    /// The four bytes every Zstandard frame starts with (RFC 8878 §3.1.1).
    public static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    public let path: String
    private let context: OpaquePointer
    private let descriptor: Int32
    private var input: [UInt8]
    private var inputStart = 0, inputEnd = 0
    private var atEndOfFile = false
    /// What libzstd last said is left of the current frame: 0 between frames.
    private var frameRemaining = 0

    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CaptureError.notReadable(path, reason: String(cString: strerror(errno))) }
        guard let context = ZSTD_createDCtx() else {
            close(descriptor)
            throw CaptureError.notReadable(path, reason: "zstd: ZSTD_createDCtx returned NULL")
        }
        self.context = context
        input = [UInt8](repeating: 0, count: ZSTD_DStreamInSize())
    }

    deinit {
        ZSTD_freeDCtx(context)
        close(descriptor)
    }

    /// Whether the file at `path` starts with the Zstandard magic number.
    public static func isCompressed(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: magic.count)
        return Glibc.read(descriptor, &head, head.count) == head.count && head == magic
    }

    /// Fills the start of `buffer` with decompressed bytes; returns how many, 0
    /// only at the end of the file. Throws on corrupt data (a wrong checksum
    /// included) and when the file ends inside a frame (`ZstdReadError.truncated`),
    /// after every byte before the cut was returned.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            if inputStart == inputEnd && !atEndOfFile { try refill() }
            // Called with no input too: libzstd may still hold output a full buffer left behind.
            let produced = try input.withUnsafeBytes { source -> Int in
                var inBuffer = ZSTD_inBuffer(src: source.baseAddress! + inputStart, size: inputEnd - inputStart, pos: 0)
                var outBuffer = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
                let remaining = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
                if ZSTD_isError(remaining) != 0 {
                    throw ZstdReadError.corrupt(path, reason: String(cString: ZSTD_getErrorName(remaining)))
                }
                // With no input and no output the call only hints at the next frame's header size.
                if inBuffer.size > 0 || outBuffer.pos > 0 { frameRemaining = remaining }
                inputStart += inBuffer.pos
                return outBuffer.pos
            }
            if produced > 0 { return produced }
            if inputStart == inputEnd && atEndOfFile {
                if frameRemaining != 0 { throw ZstdReadError.truncated(path) }
                return 0
            }
        }
    }

    private func refill() throws {
        let got = input.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        if got < 0 {
            if errno == EINTR { return }
            throw CaptureError.notReadable(path, reason: String(cString: strerror(errno)))
        }
        inputStart = 0
        inputEnd = got
        atEndOfFile = got == 0
    }
}

/// Why a compressed capture could not be read to its end.
public enum ZstdReadError: Error, CustomStringConvertible, Equatable {
    /// The file ends inside a frame: it was cut short (a copy interrupted).
    case truncated(String)
    /// libzstd refused the data: not Zstandard after all, damaged, or a wrong checksum.
    case corrupt(String, reason: String)

    public var description: String {
        switch self {
        case .truncated(let path), .corrupt(let path, _): "\(path): \(reason)"
        }
    }

    /// What is wrong, without the file's name.
    public var reason: String {
        switch self {
        case .truncated: "the zstd stream ends inside a frame (the compressed file is truncated)"
        case .corrupt(_, let reason): "zstd: \(reason)"
        }
    }
}

import CZstd
import Foundation

/// Compresses a stream into a Zstandard file with libzstd's streaming API (with a
/// content checksum, so `zstd -t` detects corruption). The caller writes to a
/// temporary name and renames after `finish()`.
public final class ZstdFileWriter: ArchiveOutput {
    private let context: OpaquePointer
    /// The file's descriptor, written with write(2) so that a failure says which file and why.
    private let descriptor: Int32
    private var isOpen = true
    private var buffer: [UInt8]
    public let path: String

    /// libzstd clamps an out-of-range level silently; a wrong setting is refused instead.
    public init(path: String, level: Int32, mode: mode_t = FileModes.data) throws {
        guard Self.levels.contains(level) else { throw ZstdError.failed("level \(level) is outside \(Self.levels)") }
        guard let context = ZSTD_createCCtx() else { throw ZstdError.failed("ZSTD_createCCtx returned NULL") }
        self.context = context
        self.path = path
        buffer = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        do {
            try Self.check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level))
            try Self.check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1))
            do {
                descriptor = try FileModes.openForWriting(path, mode: mode)
            } catch let error as FileModeError {
                throw ZstdError.cannotCreate(path, reason: error.description)
            }
        } catch {
            ZSTD_freeCCtx(context)
            throw error
        }
    }

    deinit {
        ZSTD_freeCCtx(context)
        if isOpen { close(descriptor) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while input.pos < input.size {
            _ = try compress(&input, ZSTD_e_continue)
        }
    }

    /// Flushes the last frame, syncs the file to disk and closes it.
    public func finish() throws {
        var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while try compress(&input, ZSTD_e_end) != 0 {}
        isOpen = false
        let synced = fsync(descriptor) == 0 ? 0 : errno
        let closed = close(descriptor) == 0 ? 0 : errno
        if synced != 0 || closed != 0 { throw FileModeError(path: path, code: synced != 0 ? synced : closed) }
    }

    /// One call of ZSTD_compressStream2; returns what libzstd says is left to flush.
    private func compress(_ input: inout ZSTD_inBuffer, _ directive: ZSTD_EndDirective) throws -> Int {
        let capacity = buffer.count
        let (remaining, produced) = try buffer.withUnsafeMutableBytes { out in
            var output = ZSTD_outBuffer(dst: out.baseAddress, size: capacity, pos: 0)
            let remaining = ZSTD_compressStream2(context, &output, &input, directive)
            try Self.check(remaining)
            return (remaining, output.pos)
        }
        if produced > 0 {
            try buffer.withUnsafeBytes { try FileModes.writeAll(UnsafeRawBufferPointer(rebasing: $0[0..<produced]), to: descriptor, path: path) }
        }
        return remaining
    }

    private static func check(_ code: Int) throws {
        if ZSTD_isError(code) != 0 { throw ZstdError.failed(String(cString: ZSTD_getErrorName(code))) }
    }

    /// The levels libzstd accepts (1...22 here; negative fast levels are not offered).
    public static var levels: ClosedRange<Int32> { 1...ZSTD_maxCLevel() }
}

public enum ZstdError: Error, CustomStringConvertible, Equatable {
    case failed(String)
    case cannotCreate(String, reason: String)

    public var description: String {
        switch self {
        case .failed(let reason): "zstd: \(reason)"
        case .cannotCreate(let path, let reason): "cannot create \(path): \(reason)"
        }
    }
}

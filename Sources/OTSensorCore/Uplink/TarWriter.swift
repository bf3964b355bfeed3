import Foundation

/// Where archive bytes go: a file, a compressor, a buffer.
public protocol ArchiveOutput: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Writes a POSIX ustar archive of regular files, streaming each file's content, so
/// no external `tar` process is needed and memory stays flat whatever the log sizes.
/// Members carry bare names (no directory), mode 0644, owner 0/0.
public struct TarWriter {
    public let output: ArchiveOutput
    private static let block = 512

    public init(output: ArchiveOutput) { self.output = output }

    public func addFile(named name: String, contents: Data, modified: Date) throws {
        try writeHeader(name: name, size: contents.count, modified: modified)
        try contents.withUnsafeBytes { try output.write($0) }
        try pad(contents.count)
    }

    /// Streams `file` in 1 MiB pieces; fails if its size changes while being read.
    public func addFile(named name: String, from file: URL) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
        try writeHeader(name: name, size: size, modified: modified)
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var copied = 0
        while copied < size, let piece = try handle.read(upToCount: min(1 << 20, size - copied)), !piece.isEmpty {
            try piece.withUnsafeBytes { try output.write($0) }
            copied += piece.count
        }
        guard copied == size else { throw TarError.sizeChanged(file.path) }
        try pad(size)
    }

    /// The two zero blocks that end an archive.
    public func finish() throws {
        try [UInt8](repeating: 0, count: 2 * Self.block).withUnsafeBytes { try output.write($0) }
    }

    private func writeHeader(name: String, size: Int, modified: Date) throws {
        let nameBytes = Array(name.utf8)
        guard !nameBytes.isEmpty, nameBytes.count <= 100 else { throw TarError.nameTooLong(name) }
        guard size < 8 << 30 else { throw TarError.tooLarge(name) }
        var header = [UInt8](repeating: 0, count: Self.block)
        func put(_ bytes: [UInt8], at offset: Int) { header.replaceSubrange(offset..<offset + bytes.count, with: bytes) }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: width - 1 - digits.count) + digits).utf8) + [0]
        }
        put(nameBytes, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(max(0, Int(modified.timeIntervalSince1970)), width: 12), at: 136)
        put(Array("        ".utf8), at: 148)
        header[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0] + Array("00".utf8), at: 257)
        put(Array("root".utf8), at: 265)
        put(Array("root".utf8), at: 297)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7) + [UInt8(ascii: " ")], at: 148)
        try header.withUnsafeBytes { try output.write($0) }
    }

    private func pad(_ size: Int) throws {
        let remainder = size % Self.block
        guard remainder != 0 else { return }
        try [UInt8](repeating: 0, count: Self.block - remainder).withUnsafeBytes { try output.write($0) }
    }
}

public enum TarError: Error, CustomStringConvertible, Equatable {
    case nameTooLong(String)
    case tooLarge(String)
    case sizeChanged(String)

    public var description: String {
        switch self {
        case .nameTooLong(let name): "tar member name '\(name)' is empty or longer than 100 bytes"
        case .tooLarge(let name): "tar member '\(name)' is 8 GiB or larger"
        case .sizeChanged(let path): "\(path) changed size while it was archived"
        }
    }
}

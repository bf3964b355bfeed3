import Foundation

/// spool/sent.log: one line per delivered archive (`name<TAB>time<TAB>sha256`). `run`
/// consults it before packaging, so a slice whose archive was delivered just before a
/// crash is never packaged and uploaded again as a new file.
public struct SentRecord: Sendable {
    public let file: URL

    public init(file: URL) { self.file = file }

    public func append(archive: String, sha256: String, at date: Date) throws {
        let line = "\(archive)\t\(ISO8601DateFormatter().string(from: date))\t\(sha256)\n"
        let descriptor = try FileModes.openForWriting(file.path, mode: FileModes.owner, append: true)
        defer { close(descriptor) }
        // A line cut short by a full disk would have the next delivery's line glued to it,
        // hiding that archive from `contains`: the file goes back to its length before.
        let length = lseek(descriptor, 0, SEEK_END)
        do {
            try Data(line.utf8).withUnsafeBytes { try FileModes.writeAll($0, to: descriptor, path: file.path) }
            guard fsync(descriptor) == 0 else { throw FileModeError(path: file.path, code: errno) }
        } catch {
            if length >= 0 { _ = ftruncate(descriptor, length) }
            throw error
        }
    }

    /// Drops lines for deliveries before `cutoff` (clean's age limit): by then their
    /// logs are gone too, so nothing could package them again, and the file stays small.
    @discardableResult
    public func prune(before cutoff: Date) throws -> Int {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return 0 }
        let lines = text.split(separator: "\n")
        let kept = lines.filter { line in
            let fields = line.split(separator: "\t")
            guard fields.count > 1, let date = ISO8601DateFormatter().date(from: String(fields[1])) else { return true }
            return date >= cutoff
        }
        guard kept.count < lines.count else { return 0 }
        try AtomicRename.write(Data(kept.map { "\($0)\n" }.joined().utf8), to: file, mode: FileModes.owner)
        return lines.count - kept.count
    }

    public func contains(archive: String) -> Bool {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return false }
        return text.split(separator: "\n").contains { $0.split(separator: "\t").first.map(String.init) == archive }
    }
}

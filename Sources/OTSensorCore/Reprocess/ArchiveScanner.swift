import Foundation

/// Finds an archive's slices and groups them into capture streams.
///
/// A stream is a directory: the slices directly in it (`otsensor run` keeps one
/// sensor's captures in one directory, `captures/`, named by their start time).
/// With `streamDepth` d, a stream is everything below one directory d levels
/// under the root instead, so that an archive split by day
/// (`plant-a/2026/11/23/*.pcap`) stays one stream per sensor with d = 1.
/// Hidden files and directories (a leading `.`) are not read, nor are
/// directories reached through a symbolic link (a link loop cannot trap the walk).
public struct ArchiveScanner {
    public let root: String
    public let streamDepth: Int?

    public init(root: String, streamDepth: Int? = nil) {
        self.root = (root as NSString).standardizingPath
        self.streamDepth = streamDepth
    }

    /// The streams, ordered by key, each in time order; slices that would share an
    /// output directory with another (`a.pcap` and `a.pcap.zst`) are refused.
    public func scan() throws -> [CaptureStream] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw CaptureError.notFound(root)
        }
        guard isDirectory.boolValue else { throw CaptureError.notReadable(root, reason: "not a directory") }
        var byStream: [String: [ArchivedSlice]] = [:]
        try walk(relative: [], into: &byStream)
        return byStream.keys.sorted().map { CaptureStream(key: $0, slices: Self.refusingSharedOutputs(byStream[$0]!)) }
    }

    private func walk(relative: [String], into byStream: inout [String: [ArchivedSlice]]) throws {
        let directory = path(relative)
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw CaptureError.notReadable(directory, reason: "cannot list the directory")
        }
        for name in entries where !name.hasPrefix(".") {
            let components = relative + [name]
            let full = path(components)
            var status = stat()
            guard lstat(full, &status) == 0 else { continue }
            if status.st_mode & S_IFMT == S_IFDIR {
                try walk(relative: components, into: &byStream)
                continue
            }
            guard ArchivedSlice.isSliceName(name), stat(full, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
                continue
            }
            let key = relative.prefix(streamDepth ?? relative.count).joined(separator: "/")
            byStream[key, default: []].append(ArchivedSlice(
                relativePath: components.joined(separator: "/"), path: full, size: Int(status.st_size),
                firstPacket: FirstPacketTime.of(full)))
        }
    }

    private func path(_ components: [String]) -> String {
        ([root == "/" ? "" : root] + components).joined(separator: "/")
    }

    /// The first slice by name keeps an output directory; a later one that maps to
    /// the same directory is refused with the reason.
    static func refusingSharedOutputs(_ slices: [ArchivedSlice]) -> [ArchivedSlice] {
        var owner: [String: String] = [:]
        for slice in slices.sorted(by: { $0.relativePath < $1.relativePath }) where owner[slice.outputRelativePath] == nil {
            owner[slice.outputRelativePath] = slice.relativePath
        }
        return slices.map { slice in
            var slice = slice
            if let first = owner[slice.outputRelativePath], first != slice.relativePath {
                slice.refusal = "its output directory \(slice.outputRelativePath) is already \(first)'s: rename one of them"
            }
            return slice
        }
    }
}

import Foundation

/// Creates directories in a destination that several shards write at once: they
/// create the same parents at the same moment, and a directory another process
/// made first is as good as one made here.
enum SharedDirectories {
    /// `path` and every missing parent, with `FileModes.directory`.
    static func create(_ path: String) throws {
        var missing: [String] = []
        var current: String? = path
        while let directory = current, !FileManager.default.fileExists(atPath: directory) {
            missing.append(directory)
            current = parent(of: directory)
        }
        for directory in missing.reversed() where mkdir(directory, FileModes.directory) != 0 && errno != EEXIST {
            throw OutputError.notWritable(path, reason: "cannot create \(directory): \(String(cString: strerror(errno)))")
        }
    }

    /// The directory `path` is in; nil for a name without a slash (its parent is the
    /// working directory). Split by hand: Foundation's path-component getters trap on
    /// one-character paths.
    static func parent(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

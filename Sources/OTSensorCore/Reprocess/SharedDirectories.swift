import Foundation

/// Creates directories in a destination that several shards write at once: they
/// create the same parents at the same moment, and a directory another process
/// made first is as good as one made here.
enum SharedDirectories {
    /// `path` and every missing parent, with `FileModes.directory`.
    static func create(_ path: String) throws {
        var missing: [String] = []
        var current = path
        while !current.isEmpty, current != "/", !FileManager.default.fileExists(atPath: current) {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for directory in missing.reversed() where mkdir(directory, FileModes.directory) != 0 && errno != EEXIST {
            throw OutputError.notWritable(path, reason: "cannot create \(directory): \(String(cString: strerror(errno)))")
        }
    }
}

import Foundation

/// What a slice keeps beside its output directory `<out>` while it runs, named
/// `<out>.<kind>-<pid>`: the directory being written (`tmp`), the previous
/// `<out>` while `--force` replaces it (`old`), and copies of piped inputs
/// (`input`, `input2`, … for the second and later). A run that is killed leaves them behind; the next run for the
/// same `<out>` removes those whose process is gone, and puts an `old` back
/// where its `<out>` went missing, so a finished output is never lost.
/// (`otsensor reprocess` cleans before each slice it redoes, so that the slice's
/// manifest is the one a clean run writes.)
public enum StaleOutputs {
    enum Kind: String {
        case tmp, old, input
    }

    /// `copy` numbers the inputs copied for one run (0 for the first).
    static func siblingPath(of output: String, kind: Kind, copy: Int = 0, pid: Int32 = getpid()) -> String {
        "\((output as NSString).standardizingPath).\(kind.rawValue)\(copy > 0 ? String(copy + 1) : "")-\(pid)"
    }

    /// Cleans up after earlier runs for `output` that died; returns what it did,
    /// one sentence each, for the manifest's warnings.
    public static func clean(output: String) -> [String] {
        let final = (output as NSString).standardizingPath
        // Split by hand: Foundation's path-component getters trap on one-character paths.
        let slash = final.lastIndex(of: "/")
        let directory = slash.map { $0 == final.startIndex ? "/" : String(final[..<$0]) } ?? "."
        let base = slash.map { String(final[final.index(after: $0)...]) } ?? final
        let manager = FileManager.default
        guard !base.isEmpty, let entries = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        var done: [String] = []
        for entry in entries.sorted() {
            guard let (kind, pid) = parse(entry, base: base), pid != getpid(), !isRunning(pid) else { continue }
            let path = directory == "/" ? "/\(entry)" : "\(directory)/\(entry)"
            if kind == .old && !manager.fileExists(atPath: final) {
                if (try? manager.moveItem(atPath: path, toPath: final)) != nil {
                    done.append("restored \(final) from \(path), left by process \(pid) that stopped while replacing it")
                }
                continue
            }
            if (try? manager.removeItem(atPath: path)) != nil {
                done.append("removed \(path), left by process \(pid) that stopped before finishing")
            }
        }
        return done
    }

    private static func parse(_ entry: String, base: String) -> (Kind, Int32)? {
        guard entry.hasPrefix(base + ".") else { return nil }
        let rest = entry.dropFirst(base.count + 1)
        guard let dash = rest.lastIndex(of: "-"),
              let kind = Kind(rawValue: String(rest[..<dash].reversed().drop(while: \.isNumber).reversed())),
              let pid = Int32(rest[rest.index(after: dash)...]), pid > 0 else { return nil }
        return (kind, pid)
    }

    private static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}

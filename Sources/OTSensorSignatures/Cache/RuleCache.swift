import Crypto
import Foundation

/// The compiled rules on disk, so that a process that loads the same rules
/// again (process-slice, once a minute) reads them instead of parsing and
/// compiling them. An entry is named by its key, the SHA-256 of everything
/// the compiled rules depend on: the rule files' paths and contents, the
/// classification.config beside them, the variables, the engine version and
/// the running build's identity. An entry that is missing, from another key,
/// cut short, altered (its payload has a SHA-256 of its own) or unreadable
/// is never used: the rules are compiled and the entry written anew.
public struct RuleCache: Sendable {
    public let directory: String
    /// OTSensor's version; the build ID is added to it.
    public let engineVersion: String

    /// The layout of an entry: bump when `CacheCodable` forms change.
    static let formatVersion: UInt32 = 2
    static let magic = Array("OTSRULES".utf8)
    static let headerSize = magic.count + 4 + 32 + 8 + 32
    /// Entries for other keys older than this are removed when one is written.
    static let staleAge: TimeInterval = 3600

    public init(directory: String, engineVersion: String) {
        self.directory = directory
        self.engineVersion = engineVersion
    }

    /// The rules of `files` from the cache when it holds them, else compiled
    /// (and saved for next time). `report.cache` says which, and why.
    public func load(files: [String], variables: RuleVariables = .defaults) throws -> RuleSet {
        let started = DispatchTime.now().uptimeNanoseconds
        let sources = try RuleSource.read(files)
        let key = Self.key(sources, variables: variables, engine: engineVersion + "; " + ExecutableIdentity.current)
        let path = entryPath(key)
        var set: RuleSet
        switch Self.read(path, key: key) {
        case .success(let cached):
            set = cached
            set.report.cache = .warm
        case .failure(let miss):
            set = RuleSet.compile(sources, variables: variables)
            do {
                try write(set, key: key, to: path)
                set.report.cache = .cold("\(miss.description); rebuilt")
            } catch {
                set.report.cache = .cold("\(miss.description); not saved: \(error)")
            }
        }
        set.report.loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return set
    }

    func entryPath(_ key: [UInt8]) -> String {
        (directory as NSString).appendingPathComponent("rules-\(key.prefix(12).map { String(format: "%02x", $0) }.joined()).cache")
    }

    static func key(_ sources: [RuleSource], variables: RuleVariables, engine: String) -> [UInt8] {
        var hash = SHA256()
        func add(_ text: String) { hash.update(data: Data((text + "\n").utf8)) }
        add("otsensor compiled rules \(formatVersion)")
        add(engine)
        for (name, value) in variables.addressGroups.sorted(by: { $0.key < $1.key }) { add("address \(name)=\(value)") }
        for (name, value) in variables.portGroups.sorted(by: { $0.key < $1.key }) { add("port \(name)=\(value)") }
        for source in sources {
            add("file \(source.path) \(source.contents.count)")
            hash.update(data: source.contents)
        }
        for (path, contents) in RuleSource.classificationFiles(of: sources) {
            add("classifications \(path) \(contents.count)")
            hash.update(data: contents)
        }
        return Array(hash.finalize())
    }

    /// Why an entry was not used.
    struct Miss: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String, key: [UInt8]) -> Result<RuleSet, Miss> {
        // Mapped, not read: the entry is tens of MB (ET Open's prefilter
        // automata), and copying it costs more than decoding it.
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            return .failure(Miss(description: FileManager.default.fileExists(atPath: path)
                ? "the cache \(path) cannot be read" : "no cache for these rules yet"))
        }
        return data.withUnsafeBytes { bytes -> Result<RuleSet, Miss> in
            guard bytes.count >= headerSize else { return .failure(Miss(description: "damaged: \(path) is truncated")) }
            var header = CacheReader(UnsafeRawBufferPointer(rebasing: bytes[0..<headerSize]))
            guard (try? (0..<magic.count).map { _ throws(CacheFormatError) in try header.integer(UInt8.self) }) == magic,
                  let version = try? header.integer(UInt32.self), version == formatVersion else {
                return .failure(Miss(description: "stale: \(path) is not a cache of this format"))
            }
            guard let stored = try? (0..<32).map({ _ throws(CacheFormatError) in try header.integer(UInt8.self) }),
                  stored == key else {
                return .failure(Miss(description: "stale: \(path) was built for other rules, variables or build"))
            }
            guard let length = try? header.integer(UInt64.self), length == UInt64(bytes.count - headerSize),
                  let digest = try? (0..<32).map({ _ throws(CacheFormatError) in try header.integer(UInt8.self) }) else {
                return .failure(Miss(description: "damaged: \(path) is truncated"))
            }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[headerSize...])
            guard Array(SHA256.hash(data: payload)) == digest else {
                return .failure(Miss(description: "damaged: \(path) does not match its checksum"))
            }
            do {
                return .success(try RuleSet.decodeCached(payload))
            } catch {
                return .failure(Miss(description: "damaged: \(path): \(error)"))
            }
        }
    }

    /// Writes the entry beside its final name and renames it into place, so
    /// that a reader sees a whole entry or none; then removes old entries.
    func write(_ set: RuleSet, key: [UInt8], to path: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o750])
        let payload = set.encodedForCache()
        var header = CacheWriter()
        for byte in Self.magic { header.integer(byte) }
        header.integer(Self.formatVersion)
        for byte in key { header.integer(byte) }
        header.integer(UInt64(payload.count))
        for byte in SHA256.hash(data: payload) { header.integer(byte) }
        let temporary = "\(path).tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw CacheWriteError(path: temporary, errno: errno) }
        var failed: Int32 = 0
        for bytes in [header.bytes, payload] where failed == 0 {
            bytes.withUnsafeBytes { raw in
                var at = 0
                while at < raw.count {
                    let n = Glibc.write(descriptor, raw.baseAddress! + at, raw.count - at)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failed = errno
                        return
                    }
                    at += n
                }
            }
        }
        if failed == 0 && fsync(descriptor) != 0 { failed = errno }
        close(descriptor)
        guard failed == 0, rename(temporary, path) == 0 else {
            let error = failed != 0 ? failed : errno
            unlink(temporary)
            throw CacheWriteError(path: path, errno: error)
        }
        removeStaleEntries(keeping: path)
    }

    private func removeStaleEntries(keeping path: String) {
        let manager = FileManager.default
        let kept = (path as NSString).lastPathComponent
        for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? []
        where name.hasPrefix("rules-") && name.contains(".cache") && name != kept {
            let other = (directory as NSString).appendingPathComponent(name)
            let modified = (try? manager.attributesOfItem(atPath: other)[.modificationDate] as? Date) ?? Date()
            if Date().timeIntervalSince(modified) > Self.staleAge { try? manager.removeItem(atPath: other) }
        }
    }
}

struct CacheWriteError: Error, CustomStringConvertible {
    var path: String
    var errno: Int32
    var description: String { "cannot write \(path): \(String(cString: strerror(errno)))" }
}

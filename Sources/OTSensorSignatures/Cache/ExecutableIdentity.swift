import Foundation

/// What identifies the running build, for the cache key: the linker's GNU
/// build ID of the main program (a hash of its code, so any change to the
/// rule types or the engine makes a new one), read from the program's ELF
/// notes. OTSensor's version string alone does not change
/// from one build to the next.
enum ExecutableIdentity {
    static let current: String = buildID().map { "build-id " + $0 } ?? fallback()

    /// The main program's NT_GNU_BUILD_ID note as hex, nil when it has none:
    /// read from the program file's PT_NOTE segments (a 64-bit little-endian
    /// ELF, as every Linux target of this package).
    static func buildID(program: String = "/proc/self/exe") -> String? {
        guard let file = FileHandle(forReadingAtPath: program) else { return nil }
        defer { try? file.close() }
        func read(_ offset: UInt64, _ count: Int) -> [UInt8]? {
            guard (try? file.seek(toOffset: offset)) != nil, let data = try? file.read(upToCount: count),
                  data.count == count else { return nil }
            return [UInt8](data)
        }
        guard let header = read(0, 64), header.starts(with: [0x7F, 0x45, 0x4C, 0x46, 2, 1]) else { return nil }
        func field<I: FixedWidthInteger>(_ bytes: [UInt8], _ at: Int, _ type: I.Type) -> I {
            bytes.withUnsafeBytes { I(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: I.self)) }
        }
        let tableOffset = field(header, 32, UInt64.self)
        let entrySize = Int(field(header, 54, UInt16.self)), entries = Int(field(header, 56, UInt16.self))
        guard entrySize >= 56, entries < 256, let table = read(tableOffset, entrySize * entries) else { return nil }
        for i in 0..<entries where field(table, i * entrySize, UInt32.self) == 4 {  // PT_NOTE
            let offset = field(table, i * entrySize + 8, UInt64.self)
            let size = field(table, i * entrySize + 32, UInt64.self)
            guard size < 1 << 20, let notes = read(offset, Int(size)) else { continue }
            if let id = notes.withUnsafeBytes({ gnuBuildID(in: $0) }) {
                return id.map { String(format: "%02x", $0) }.joined()
            }
        }
        return nil
    }

    /// The descriptor of the "GNU" note of type 3 in a PT_NOTE segment.
    static func gnuBuildID(in notes: UnsafeRawBufferPointer) -> [UInt8]? {
        func aligned(_ n: Int) -> Int { (n + 3) & ~3 }
        var at = 0
        while at + 12 <= notes.count {
            let nameSize = Int(notes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            let descSize = Int(notes.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self))
            let type = notes.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self)
            let name = at + 12, desc = name + aligned(nameSize)
            guard desc + descSize <= notes.count else { return nil }
            if type == 3, nameSize == 4, Array(notes[name..<(name + 4)]) == Array("GNU\0".utf8) {
                return Array(notes[desc..<(desc + descSize)])
            }
            at = desc + aligned(descSize)
        }
        return nil
    }

    /// Without a build ID: the program file's size and modification time.
    private static func fallback() -> String {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 else { return "unidentified build" }
        return "program \(status.st_size) bytes, modified \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }
}

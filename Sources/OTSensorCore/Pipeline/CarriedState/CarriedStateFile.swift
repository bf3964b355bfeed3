import Crypto
import Foundation

/// The state file of one capture stream, `DIR/carried.state`: the connections
/// open at the end of the stream's last slice. Layout: magic, format version,
/// the configuration that wrote it, the last packet's time, the input digest
/// of the slice it follows, then each connection and each analyzer flow kept
/// apart from connections as length-prefixed records, and the IP fragments
/// waiting; last, SHA-256 of everything before. It is replaced atomically.
public struct CarriedStateFile: Sendable {
    public static let name = "carried.state"
    static let magic = Array("OTSSTATE".utf8)
    static let formatVersion: UInt32 = 2

    /// otsensor's version and the analyzers whose slots the records name.
    let configuration: String
    /// The time of the last packet of the slice it follows.
    public let lastPacket: Timestamp
    /// The sha256 of that slice's input (of its files' digests, for several).
    public let savedAfterInput: String
    /// The connections, each as `Connection.carry` and its analyzers' state
    /// (parts of the file as read, sharing its storage).
    let records: [ArraySlice<UInt8>]
    /// Analyzers' flows kept apart from connections (YAF's): slot, flow key, state.
    let flows: [ArraySlice<UInt8>]
    /// IP fragments still waiting for the rest of their datagram.
    let fragments: ArraySlice<UInt8>
    /// `FragmentReassembler.carry` of a reassembler with nothing waiting.
    static let noFragments: ArraySlice<UInt8> = [0]

    init(configuration: String, lastPacket: Timestamp, savedAfterInput: String, records: [ArraySlice<UInt8>],
         flows: [ArraySlice<UInt8>] = [], fragments: ArraySlice<UInt8> = Self.noFragments) {
        self.configuration = configuration
        self.lastPacket = lastPacket
        self.savedAfterInput = savedAfterInput
        self.records = records
        self.flows = flows
        self.fragments = fragments
    }

    static func path(in directory: String) -> String { directory + "/" + name }

    /// The input digest of the slice the stream's state follows, or nil when
    /// there is no usable state file: for `reprocess`, which must know
    /// whether a stream can resume where it stopped.
    public static func savedAfterInput(in directory: String) -> String? {
        savedAfterInput(file: path(in: directory))
    }

    /// As `savedAfterInput(in:)`, for a state file under any name (a staged one).
    static func savedAfterInput(file: String) -> String? {
        (try? read(file: file, configuration: nil))?.savedAfterInput
    }

    /// Reads the state file of `directory`; nil when there is none.
    /// `configuration` nil accepts any.
    static func read(directory: String, configuration: String?) throws(CarriedStateError) -> CarriedStateFile? {
        try read(file: path(in: directory), configuration: configuration)
    }

    private static func read(file path: String, configuration: String?) throws(CarriedStateError) -> CarriedStateFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes = try contents(of: path)
        guard bytes.count >= magic.count + 32, Array(bytes.prefix(magic.count)) == magic else {
            throw .malformed("not an otsensor state file")
        }
        let body = bytes.dropLast(32)
        guard Array(SHA256.hash(data: body)) == Array(bytes.suffix(32)) else { throw .checksumMismatch }
        do {
            var reader = StateReader(body.dropFirst(magic.count))
            let format = try reader.uint32()
            let written = try reader.string()
            guard format == formatVersion, configuration == nil || written == configuration else {
                throw CarriedStateError.otherConfiguration("state format \(format), \(written)")
            }
            let lastPacket = try reader.timestamp()
            let input = try reader.string()
            let records = try (0..<reader.count()).map { _ in try reader.part().remaining }
            let flows = try (0..<reader.count()).map { _ in try reader.part().remaining }
            let fragments = try reader.part().remaining
            guard reader.isAtEnd else { throw CarriedStateError.malformed("bytes after the fragments") }
            return CarriedStateFile(configuration: written, lastPacket: lastPacket, savedAfterInput: input,
                                    records: records, flows: flows, fragments: fragments)
        } catch let error as CarriedStateError {
            throw error
        } catch {
            throw .malformed("\(error)")
        }
    }

    /// The file's bytes, read straight into one array.
    private static func contents(of path: String) throws(CarriedStateError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable("cannot stat \(path)") }
        let size = Int(status.st_size)
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let got = Glibc.read(descriptor, buffer.baseAddress! + count, size - count)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else {
                    failure = got < 0 ? String(cString: strerror(errno)) : "the file shrank while it was read"
                    return
                }
                count += got
            }
        }
        if let failure { throw .unreadable("cannot read \(path): \(failure)") }
        return bytes
    }

    /// Replaces the state file of `directory` (made if missing): written to a
    /// temporary name, synced, then renamed over the old one, so a crash
    /// leaves the old state or the new, never half of one.
    func write(directory: String) throws {
        try stage(directory: directory).commit()
    }

    /// Writes the state to a temporary name beside the state file and syncs it; the
    /// old state stays in force until `commit`.
    func stage(directory: String) throws -> StagedStateFile {
        try FileModes.makeDirectory(directory)
        var writer = StateWriter(reservingCapacity: records.reduce(256) { $0 + $1.count + 5 } + 32)
        writer.putRaw(Self.magic)
        writer.put(Self.formatVersion)
        writer.put(configuration)
        writer.put(lastPacket)
        writer.put(savedAfterInput)
        for section in [records, flows] {
            writer.put(UInt64(section.count))
            for record in section {
                writer.put(UInt64(record.count))
                writer.putRaw(record)
            }
        }
        writer.put(UInt64(fragments.count))
        writer.putRaw(fragments)
        writer.putRaw(SHA256.hash(data: writer.bytes))
        let staged = StagedStateFile(temporary: "\(Self.path(in: directory)).tmp-\(getpid())", final: Self.path(in: directory))
        do {
            try writer.bytes.withUnsafeBytes { raw in
                try FileModes.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw.baseAddress!),
                                         count: raw.count, deallocator: .none),
                                    to: staged.temporary, mode: FileModes.owner)
            }
        } catch {
            staged.discard()
            throw error
        }
        return staged
    }
}

/// A state file written and synced under a temporary name, not yet in force: the
/// slice's logs are published first, so a slice that fails is redone from the
/// state it started with.
struct StagedStateFile {
    let temporary: String
    let final: String

    /// Renames it over the old state.
    func commit() throws {
        guard rename(temporary, final) == 0 else {
            let code = errno
            discard()
            throw FileModeError(path: final, code: code)
        }
    }

    func discard() {
        unlink(temporary)
    }
}

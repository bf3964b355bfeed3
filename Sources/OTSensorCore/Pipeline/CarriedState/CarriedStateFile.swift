import Crypto
import Foundation

/// The state file of one capture stream, `DIR/carried.state`: the connections
/// open at the end of the stream's last slice. Layout: magic, format version,
/// the configuration that wrote it, the last packet's time, the input digest
/// of the slice it follows, then each connection as a length-prefixed record;
/// last, SHA-256 of everything before. It is replaced atomically.
public struct CarriedStateFile: Sendable {
    public static let name = "carried.state"
    static let magic = Array("OTSSTATE".utf8)
    static let formatVersion: UInt32 = 1

    /// otsensor's version and the analyzers whose slots the records name.
    let configuration: String
    /// The time of the last packet of the slice it follows.
    public let lastPacket: Timestamp
    /// The sha256 of that slice's input (of its files' digests, for several).
    public let savedAfterInput: String
    /// The connections, each as `Connection.carry` and its analyzers' state.
    let records: [[UInt8]]

    init(configuration: String, lastPacket: Timestamp, savedAfterInput: String, records: [[UInt8]]) {
        self.configuration = configuration
        self.lastPacket = lastPacket
        self.savedAfterInput = savedAfterInput
        self.records = records
    }

    static func path(in directory: String) -> String { directory + "/" + name }

    /// The input digest of the slice the stream's state follows, or nil when
    /// there is no usable state file: for `reprocess`, which must know
    /// whether a stream can resume where it stopped.
    public static func savedAfterInput(in directory: String) -> String? {
        (try? read(directory: directory, configuration: nil))?.savedAfterInput
    }

    /// Reads the state file of `directory`; nil when there is none.
    /// `configuration` nil accepts any.
    static func read(directory: String, configuration: String?) throws(CarriedStateError) -> CarriedStateFile? {
        let path = path(in: directory)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable("cannot open \(path)")
        }
        let bytes = [UInt8](data)
        guard bytes.count >= magic.count + 32, Array(bytes.prefix(magic.count)) == magic else {
            throw .malformed("not an otsensor state file")
        }
        let body = bytes.dropLast(32)
        guard Array(SHA256.hash(data: body)) == Array(bytes.suffix(32)) else { throw .checksumMismatch }
        do {
            var reader = StateReader(Array(body.dropFirst(magic.count)))
            let format = try reader.uint32()
            let written = try reader.string()
            guard format == formatVersion, configuration == nil || written == configuration else {
                throw CarriedStateError.otherConfiguration("state format \(format), \(written)")
            }
            let lastPacket = try reader.timestamp()
            let input = try reader.string()
            let records = try (0..<reader.count()).map { _ in try reader.byteString() }
            guard reader.isAtEnd else { throw CarriedStateError.malformed("bytes after the last connection") }
            return CarriedStateFile(configuration: written, lastPacket: lastPacket, savedAfterInput: input,
                                    records: records)
        } catch let error as CarriedStateError {
            throw error
        } catch {
            throw .malformed("\(error)")
        }
    }

    /// Replaces the state file of `directory` (made if missing): written to a
    /// temporary name, synced, then renamed over the old one, so a crash
    /// leaves the old state or the new, never half of one.
    func write(directory: String) throws {
        try FileModes.makeDirectory(directory)
        var writer = StateWriter(reservingCapacity: records.reduce(256) { $0 + $1.count + 4 })
        for byte in Self.magic { writer.put(byte) }
        writer.put(Self.formatVersion)
        writer.put(configuration)
        writer.put(lastPacket)
        writer.put(savedAfterInput)
        writer.put(UInt32(records.count))
        for record in records { writer.put(record) }
        var bytes = writer.bytes
        bytes += Array(SHA256.hash(data: bytes))
        let final = Self.path(in: directory), temporary = "\(final).tmp-\(getpid())"
        do {
            try FileModes.write(Data(bytes), to: temporary, mode: FileModes.owner)
            guard rename(temporary, final) == 0 else { throw FileModeError(path: final, code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}

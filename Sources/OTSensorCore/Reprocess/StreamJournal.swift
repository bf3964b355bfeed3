import Foundation

/// Which slice a stream's state directory holds the state after, so that a
/// job started again knows whether the next slice it redoes can continue from
/// it, and the settings the state was made with (a job with other options
/// never continues it).
///
/// Before a slice is processed the journal says it is in flight: its state may
/// be saved while its output is not yet published. Once the output is
/// published the journal says the state is after it. A kill anywhere leaves
/// either the truth or "in flight", never a wrong slice.
struct StreamJournal {
    struct Entry: Codable, Equatable {
        var settings: String
        var stateAfter: String?
        var inFlight: String?
    }

    let path: String
    /// The job's options, version and rules, as one string.
    let settings: String

    /// What the journal says, nil when there is none or it was written with other settings.
    func read() -> Entry? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let entry = try? decoder.decode(Entry.self, from: data), entry.settings == settings else { return nil }
        return entry
    }

    func record(stateAfter slice: String) throws {
        try write(Entry(settings: settings, stateAfter: slice))
    }

    func record(inFlight slice: String) throws {
        try write(Entry(settings: settings, inFlight: slice))
    }

    /// Nothing is known about the state: it is about to be rebuilt.
    func forget() throws {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw OutputError.notWritable(path, reason: String(cString: strerror(errno)))
        }
    }

    private func write(_ entry: Entry) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try AtomicRename.write(try encoder.encode(entry) + Data("\n".utf8), to: URL(fileURLWithPath: path),
                               mode: FileModes.owner)
    }
}

import Foundation

/// Which slice a stream's state directory holds the state after, so that a
/// job started again knows whether the next slice it redoes can continue from
/// it or must be warmed up first.
///
/// The journal is removed before a slice is processed (that slice is then "in
/// flight": its state may be saved while its output is not yet published) and
/// written once the output is published, so a kill anywhere leaves either the
/// truth or no journal at all, never a wrong one. It also records the settings
/// the state was made with: a job with other options does not continue it.
struct StreamJournal {
    private struct Entry: Codable {
        var stateAfter: String
        var settings: String
    }

    let path: String
    /// The job's options, version and rules, as one string.
    let settings: String

    /// The relative path of the slice the state is after; nil when unknown.
    func stateAfter() -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let entry = try? decoder.decode(Entry.self, from: data), entry.settings == settings else { return nil }
        return entry.stateAfter
    }

    /// The state is about to change: nothing is known until `record(stateAfter:)`.
    func forget() throws {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw OutputError.notWritable(path, reason: String(cString: strerror(errno)))
        }
    }

    func record(stateAfter slice: String) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try AtomicRename.write(try encoder.encode(Entry(stateAfter: slice, settings: settings)) + Data("\n".utf8),
                               to: URL(fileURLWithPath: path), mode: FileModes.owner)
    }
}

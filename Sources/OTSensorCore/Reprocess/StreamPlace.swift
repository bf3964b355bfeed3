import Foundation

/// Where one shard keeps one stream's carried state, under `DST/.state/`:
/// `stream-<key>/<shard>/` with `state/` (the `--state` directory of every
/// slice), `before/` (the state before the slice in flight, `CarriedStateSlot`),
/// `journal.json` (`StreamJournal`) and `warm-up/` (the throwaway output of a
/// warm-up). Each shard has its own, so shards sharing a
/// destination never write the same file. The key is percent-encoded into one
/// file name (`plant-a/captures` → `stream-plant-a%2Fcaptures`, the root → `stream-`).
struct StreamPlace {
    let directory: String
    let journal: StreamJournal

    /// `settings` are the job's, as `StreamJournal` keeps them.
    init(destination: String, stream: String, shard: ShardSelection, settings: String) {
        directory = "\(Self.stateRoot(destination))/stream-\(Self.encoded(stream))/\(shard.fileName)"
        journal = StreamJournal(path: "\(directory)/journal.json", settings: settings)
    }

    var state: CarriedStateSlot { CarriedStateSlot(directory: "\(directory)/state", before: "\(directory)/before") }
    var warmUpOutput: String { "\(directory)/warm-up" }

    static func stateRoot(_ destination: String) -> String { "\(destination)/.state" }

    static func encoded(_ key: String) -> String {
        var text = ""
        for byte in key.utf8 {
            let isPlain = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D || byte == 0x5F
                || byte == 0x2E
            text += isPlain ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        return text
    }
}

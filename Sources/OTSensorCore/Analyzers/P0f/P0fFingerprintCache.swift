/// Fingerprints already worked out in this shard, by everything the matcher
/// and `raw_sig` read: the hosts of a network open connections with a few
/// signatures over and over, and matching one against the database and
/// rendering its `raw_sig` cost some 20,000 instructions per SYN. Bounded to a
/// thousand signatures per shard (about 20 MB over 64 shards at worst), so
/// hostile traffic with ever-new signatures only costs the work it saves.
struct P0fFingerprintCache {
    struct Fingerprint {
        var label: Int?
        var rawSignature: String
    }

    static let capacity = 1024

    private var known: [Key: Fingerprint] = [:]

    var count: Int { known.count }

    /// The packet's fingerprint, worked out by `make` unless already known.
    mutating func fingerprint(_ packet: P0fPacket, multiple: P0fWindowMultiple?,
                              make: () -> Fingerprint) -> Fingerprint {
        let key = Key(packet, multiple: multiple)
        if let found = known[key] { return found }
        if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
        let made = make()
        known[key] = made
        return made
    }

    /// The fields `P0fMatcher.match` and `P0fRawSignature.render` read.
    private struct Key: Hashable {
        let isSynAck: Bool
        let ipVersion: UInt8
        let ttl: UInt8
        let ipOptionsLength: Int
        let mss: UInt16
        let window: UInt16
        let windowScale: UInt8
        let layout: [UInt8]
        let eolPadding: Int
        let quirks: UInt32
        let hasPayload: Bool
        let multiplier: Int
        let isMTU: Bool

        init(_ packet: P0fPacket, multiple: P0fWindowMultiple?) {
            isSynAck = packet.kind == .synAck
            ipVersion = packet.ipVersion
            ttl = packet.ttl
            ipOptionsLength = packet.ipOptionsLength
            mss = packet.mss
            window = packet.window
            windowScale = packet.windowScale
            layout = packet.layout
            eolPadding = packet.eolPadding
            quirks = packet.quirks.rawValue
            hasPayload = packet.hasPayload
            multiplier = multiple?.multiplier ?? -1
            isMTU = multiple?.isMTU ?? false
        }
    }
}

/// Where an event happened in the capture: the packet being processed, as an
/// order that is the same whatever the shard and thread counts. Aggregated
/// logs merge the shards' events by it, so that the result is what one table
/// fed in capture order gives (LOGS.md §4).
public struct CapturePosition: Comparable, Hashable, Sendable {
    /// The packet's index among the slice's captured packets.
    public var packet: UInt64
    /// Orders the entries decoded from one packet (a tunnel's outer and inner
    /// packet, 802.11 subframes, a reassembled datagram): 0 before the packet's
    /// entries, for work done before it (connections that timed out).
    public var entry: UInt32

    public init(packet: UInt64, entry: UInt32) {
        self.packet = packet
        self.entry = entry
    }

    public static let start = CapturePosition(packet: 0, entry: 0)

    public static func < (a: CapturePosition, b: CapturePosition) -> Bool {
        a.packet != b.packet ? a.packet < b.packet : a.entry < b.entry
    }
}

/// The position of the packet a shard is processing, which the shard's
/// analyzers read when they aggregate an event. The shard loop sets it before
/// every packet, so that no analyzer hook needs another parameter.
///
/// One per shard, touched by the one worker that owns the shard at a time
/// (as the shard's `AnalyzerSet`), which is why it needs no lock.
public final class CaptureCursor: @unchecked Sendable {
    public var position = CapturePosition.start

    public init() {}
}

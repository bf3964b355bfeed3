/// How many packets were read, decoded and skipped (by reason): the manifest's
/// account of the capture, so nothing is dropped without a trace.
public struct PacketCounters: Sendable, Equatable {
    public var read = 0
    /// Packets (or reassembled datagrams) handed to the flow engine.
    public var decoded = 0
    public var skipped: [SkipReason: Int] = [:]
    /// Link-layer frames without IP, by EtherType.
    public var nonIP: [UInt16: Int] = [:]
    /// Frames of link types the decoder does not know, by link type.
    public var unsupportedLinkTypes: [Int32: Int] = [:]
    public var fragments = 0
    public var reassembledDatagrams = 0
    public var bytesRead = 0

    public init() {}

    mutating func skip(_ reason: SkipReason) { skipped[reason, default: 0] += 1 }

    /// Adds the decode stage's counts of one slice.
    mutating func add(_ other: PacketCounters) {
        decoded += other.decoded
        fragments += other.fragments
        reassembledDatagrams += other.reassembledDatagrams
        for (reason, count) in other.skipped { skipped[reason, default: 0] += count }
        for (type, count) in other.nonIP { nonIP[type, default: 0] += count }
        for (type, count) in other.unsupportedLinkTypes { unsupportedLinkTypes[type, default: 0] += count }
    }
}

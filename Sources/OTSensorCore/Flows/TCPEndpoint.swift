/// The state of one side of a TCP connection (Zeek's `TCP_Endpoint`).
public enum TCPEndpointState: UInt8, Sendable {
    case inactive, synSent, synAckSent, partial, established, closed, reset
}

/// One side of a connection: its TCP sequence bookkeeping, its history
/// counters, its packet and byte counts, and its stream reassembly.
///
/// Sequence numbers follow Zeek exactly (start/last/ack with 32-bit wrap
/// counters), because conn.log's byte counts are derived from them.
public struct Endpoint: Sendable {
    public var state = TCPEndpointState.inactive
    public var previousState = TCPEndpointState.inactive
    var startSequence: UInt32 = 0
    var lastSequence: UInt32 = 0
    var ackSequence: UInt32 = 0
    var sequenceWraps: UInt32 = 0
    var ackWraps: UInt32 = 0
    var finCount: UInt32 = 0
    var rstCount: UInt32 = 0
    /// Relative sequence number one past the FIN.
    var finSequence: UInt64 = 0
    var didClose = false
    var lastSYNHistorySequence: UInt64 = 0
    var lastFINHistorySequence: UInt64 = 0
    var lastRSTHistorySequence: UInt64 = 0
    var retransmissions = ScaledCounter()
    var zeroWindows = ScaledCounter()
    var gaps = ScaledCounter()
    var checksumErrors = ScaledCounter()

    /// Packets and IP bytes this side sent (Zeek's ConnSize analyzer).
    public var packets: UInt64 = 0
    public var ipBytes: UInt64 = 0
    /// UDP/ICMP payload bytes; -1 until the side sent a valid datagram.
    public var datagramBytes: Int64 = -1

    public var stream = StreamReassembler()

    public init() {}

    mutating func setState(_ newState: TCPEndpointState) {
        guard newState != state else { return }
        previousState = state
        state = newState
    }

    static func fullSequence(_ sequence: UInt32, wraps: UInt32) -> UInt64 {
        UInt64(wraps) << 32 | UInt64(sequence)
    }

    func relativeSequence(_ sequence: UInt32, wraps: UInt32) -> UInt64 {
        Endpoint.fullSequence(sequence, wraps: wraps) &- UInt64(startSequence)
    }

    mutating func initialize(start: UInt32, ack: UInt32, last: UInt32) {
        startSequence = start
        ackSequence = ack
        lastSequence = last
    }

    mutating func updateLastSequence(_ sequence: UInt32) {
        if sequence < lastSequence { sequenceWraps &+= 1 }
        lastSequence = sequence
    }

    mutating func updateAckSequence(_ sequence: UInt32) {
        if sequence < ackSequence { ackWraps &+= 1 }
        ackSequence = sequence
    }

    /// Whether the peer has acknowledged nothing beyond this side's SYN.
    var noDataAcked: Bool {
        let ack = Endpoint.fullSequence(ackSequence, wraps: ackWraps)
        let start = UInt64(startSequence)
        return ack == start || ack == start + 1
    }

    /// The relative acknowledgement this side has received.
    var acknowledgedRelative: UInt64 { relativeSequence(ackSequence, wraps: ackWraps) }

    /// Payload bytes sent, from sequence numbers (Zeek's `TCP_Endpoint::Size`).
    func tcpSize(peerState: TCPEndpointState) -> UInt64 {
        if previousState == .synSent && state == .reset && peerState == .inactive && !noDataAcked {
            return 0
        }
        let last = Endpoint.fullSequence(lastSequence, wraps: sequenceWraps)
        let ack = Endpoint.fullSequence(ackSequence, wraps: ackWraps)
        var size = (last > ack ? last : ack) &- UInt64(startSequence)
        if size != 0 { size &-= 1 }
        if finCount > 0 && size != 0 { size &-= 1 }
        return size
    }

    /// Whether this side is established or closed after being established.
    var isClean: Bool {
        state == .established || (state == .closed && previousState == .established)
    }
}

/// A counter whose history letter is recorded at the 1st, 10th, 100th ...
/// occurrence (Zeek's `ScaledHistoryEntry`).
struct ScaledCounter: Sendable {
    var count: UInt32 = 0
    var threshold: UInt32 = 1

    /// Counts one occurrence; true when the letter should be added.
    mutating func record() -> Bool {
        count &+= 1
        guard count == threshold else { return false }
        let (next, overflow) = threshold.multipliedReportingOverflow(by: 10)
        if !overflow { threshold = next }
        return true
    }
}

/// A TCP session's two raw streams, and the part of Suricata's session state
/// (stream-tcp.c) that decides when they are inspected: whether the
/// handshake completed, whether the session is past TIME_WAIT (every packet
/// then inspects what its direction has waiting), and whether it closed.
public struct StreamSession: Sendable {
    public var toServer = RawStream()
    public var toClient = RawStream()
    /// The handshake completed: from then on packets carry Suricata's
    /// PKT_STREAM_EST, without which no chunk is inspected.
    public var established = false
    /// Past TIME_WAIT: CLOSE_WAIT after the client's FIN, LAST_ACK, CLOSING
    /// and CLOSED; a FIN from the server first (FIN_WAIT, TIME_WAIT) is not.
    public private(set) var closing = false
    /// TCP_CLOSED: a reset, or the last FIN acknowledged.
    public private(set) var closed = false
    private var clientFIN = false
    private var serverFIN = false
    /// The packet (a number of the caller's) on which the application
    /// protocol was first known.
    public var protocolKnownAt: UInt64?
    /// Who sent the first FIN: that side's acknowledgement of the other FIN closes.
    private var firstFINFromClient: Bool?

    public init() {}

    /// Moves the state by a packet's TCP flags (FIN 0x01, RST 0x04, ACK 0x10).
    public mutating func observe(toServer: Bool, flags: UInt8) {
        if flags & 0x04 != 0 {
            closing = true
            closed = true
            return
        }
        if flags & 0x01 != 0 {
            if firstFINFromClient == nil { firstFINFromClient = toServer }
            if toServer { clientFIN = true } else { serverFIN = true }
            if firstFINFromClient == true { closing = true }
            return
        }
        if clientFIN && serverFIN && flags & 0x10 != 0 && firstFINFromClient == toServer {
            closing = true
            closed = true
        }
    }

    /// The stream a packet in this direction inspects.
    public subscript(toServer direction: Bool) -> RawStream {
        get { direction ? toServer : toClient }
        _modify {
            if direction { yield &toServer } else { yield &toClient }
        }
    }

    /// Which directions get a flow-end pseudo packet (FlowNeedsReassembly):
    /// both while an established session is not closed, otherwise those
    /// with data not yet inspected.
    public var flowEndDirections: (toServer: Bool, toClient: Bool) {
        if established && !closed { return (true, true) }
        return (toServer.hasUninspectedData, toClient.hasUninspectedData)
    }
}

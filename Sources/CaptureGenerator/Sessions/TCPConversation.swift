/// A TCP connection told packet by packet, tracking each side's sequence
/// numbers so that scenarios state only what happens, not the arithmetic.
///
/// Segments carry ACK once their sender has seen the peer's SYN, acknowledging
/// all the peer has sent, as a well-behaved stack does. `packet(...)` escapes
/// the bookkeeping for arbitrary segments.
public struct TCPConversation: Sendable {
    private struct Peer {
        var nextSequence: UInt32
        var sentSYN = false
        var lastData: (sequence: UInt32, payload: [UInt8])?
    }

    public var path: FlowPath
    public let clientPort: UInt16
    public let serverPort: UInt16
    /// The receive window advertised by both sides unless a method says otherwise.
    public var window: UInt16 = 65_535
    private var peers: (client: Peer, server: Peer)

    public init(client: HostAddress, clientPort: UInt16, server: HostAddress, serverPort: UInt16,
                clientISN: UInt32 = 1_000, serverISN: UInt32 = 5_000, link: any LinkLayer = EthernetLink(),
                clock: PacketClock = PacketClock(), recordsPackets: Bool = true) {
        self.path = FlowPath(client: client, server: server, link: link, clock: clock, recordsPackets: recordsPackets)
        self.clientPort = clientPort
        self.serverPort = serverPort
        self.peers = (Peer(nextSequence: clientISN), Peer(nextSequence: serverISN))
    }

    public var packets: [Packet] { path.packets }

    public var clock: PacketClock {
        get { path.clock }
        set { path.clock = newValue }
    }

    /// The sequence number `side` will use next.
    public func nextSequence(of side: Side) -> UInt32 { self[side].nextSequence }

    @discardableResult
    public mutating func syn(options: [TCPSegment.Option] = [.maximumSegmentSize(1460)]) -> Packet {
        handshake(from: .client, options: options)
    }

    @discardableResult
    public mutating func synAck(options: [TCPSegment.Option] = [.maximumSegmentSize(1460)]) -> Packet {
        handshake(from: .server, options: options)
    }

    /// Treats the handshake as done before the capture began (ISNs consumed),
    /// for flows first seen mid-stream.
    public mutating func markEstablished() {
        for side in [Side.client, .server] where !self[side].sentSYN {
            self[side].nextSequence &+= 1
            self[side].sentSYN = true
        }
    }

    /// A bare acknowledgment of everything the peer has sent.
    @discardableResult
    public mutating func ack(from side: Side) -> Packet {
        segment(from: side, flags: [])
    }

    /// Data from `side`, advancing its sequence number.
    @discardableResult
    public mutating func send(_ payload: [UInt8], from side: Side, flags: TCPSegment.Flags = .psh) -> Packet {
        let sequence = self[side].nextSequence
        self[side].nextSequence &+= UInt32(payload.count)
        self[side].lastData = (sequence, payload)
        return segment(from: side, flags: flags, sequence: sequence, payload: payload)
    }

    /// Advances `side`'s sequence number as if `count` bytes went by unseen,
    /// the way a capture that dropped packets looks (Zeek's missed_bytes).
    public mutating func skip(_ count: UInt32, from side: Side) {
        self[side].nextSequence &+= count
    }

    /// Sends `side`'s last data segment again, with the current acknowledgment.
    @discardableResult
    public mutating func retransmit(from side: Side) -> Packet {
        guard let last = self[side].lastData else { preconditionFailure("\(side) has sent no data to retransmit") }
        return segment(from: side, flags: .psh, sequence: last.sequence, payload: last.payload)
    }

    /// FIN, which occupies one sequence number.
    @discardableResult
    public mutating func fin(from side: Side) -> Packet {
        let sequence = self[side].nextSequence
        self[side].nextSequence &+= 1
        return segment(from: side, flags: .fin, sequence: sequence)
    }

    @discardableResult
    public mutating func rst(from side: Side) -> Packet {
        segment(from: side, flags: .rst)
    }

    /// An acknowledgment advertising a zero window: the receiver is full.
    @discardableResult
    public mutating func zeroWindow(from side: Side) -> Packet {
        segment(from: side, flags: [], window: 0)
    }

    /// Any segment from `side`, with exactly these flags. Omitted numbers come
    /// from the tracked state; nothing is advanced. For sequence gaps, wrap-around
    /// near 2^32, acks of unsent data and the like.
    @discardableResult
    public mutating func packet(from side: Side, flags: TCPSegment.Flags, sequence: UInt32? = nil, acknowledgment: UInt32? = nil,
                                window: UInt16? = nil, options: [TCPSegment.Option] = [], payload: [UInt8] = []) -> Packet {
        let peer = self[side.opposite]
        let segment = TCPSegment(
            sourcePort: side == .client ? clientPort : serverPort,
            destinationPort: side == .client ? serverPort : clientPort,
            sequenceNumber: sequence ?? self[side].nextSequence,
            acknowledgmentNumber: acknowledgment ?? (peer.sentSYN ? peer.nextSequence : 0),
            flags: flags, window: window ?? self.window, options: options, payload: payload)
        return path.emit(segment, from: side)
    }

    /// A segment from the bookkeeping methods: ACK is added once the peer's SYN was seen.
    private mutating func segment(from side: Side, flags: TCPSegment.Flags, sequence: UInt32? = nil, window: UInt16? = nil,
                                  options: [TCPSegment.Option] = [], payload: [UInt8] = []) -> Packet {
        let withAck = self[side.opposite].sentSYN ? flags.union(.ack) : flags
        return packet(from: side, flags: withAck, sequence: sequence, window: window, options: options, payload: payload)
    }

    private mutating func handshake(from side: Side, options: [TCPSegment.Option]) -> Packet {
        let sequence = self[side].nextSequence
        let sent = segment(from: side, flags: .syn, sequence: sequence, options: options)
        self[side].nextSequence = sequence &+ 1
        self[side].sentSYN = true
        return sent
    }

    private subscript(side: Side) -> Peer {
        get { side == .client ? peers.client : peers.server }
        set { if side == .client { peers.client = newValue } else { peers.server = newValue } }
    }
}

/// A UDP flow told datagram by datagram (DNS-like request/answer, streams).
public struct UDPExchange: Sendable {
    public var path: FlowPath
    public let clientPort: UInt16
    public let serverPort: UInt16

    public init(client: HostAddress, clientPort: UInt16, server: HostAddress, serverPort: UInt16,
                link: any LinkLayer = EthernetLink(), clock: PacketClock = PacketClock(), recordsPackets: Bool = true) {
        self.path = FlowPath(client: client, server: server, link: link, clock: clock, recordsPackets: recordsPackets)
        self.clientPort = clientPort
        self.serverPort = serverPort
    }

    public var packets: [Packet] { path.packets }

    public var clock: PacketClock {
        get { path.clock }
        set { path.clock = newValue }
    }

    /// The datagram `side` would send, for callers that alter or fragment it.
    public func datagram(_ payload: [UInt8], from side: Side) -> UDPDatagram {
        side == .client
            ? UDPDatagram(sourcePort: clientPort, destinationPort: serverPort, payload: payload)
            : UDPDatagram(sourcePort: serverPort, destinationPort: clientPort, payload: payload)
    }

    @discardableResult
    public mutating func send(_ payload: [UInt8], from side: Side) -> Packet {
        path.emit(datagram(payload, from: side), from: side)
    }
}

/// An ICMP (IPv4) or ICMPv6 (IPv6) echo session: the client pings, the server answers.
public struct ICMPEcho: Sendable {
    public var path: FlowPath
    public let identifier: UInt16
    /// The sequence number of the next request.
    public var nextSequence: UInt16 = 1

    public init(client: HostAddress, server: HostAddress, identifier: UInt16 = 0x1234,
                link: any LinkLayer = EthernetLink(), clock: PacketClock = PacketClock(), recordsPackets: Bool = true) {
        self.path = FlowPath(client: client, server: server, link: link, clock: clock, recordsPackets: recordsPackets)
        self.identifier = identifier
    }

    public var packets: [Packet] { path.packets }

    public var clock: PacketClock {
        get { path.clock }
        set { path.clock = newValue }
    }

    @discardableResult
    public mutating func request(payload: [UInt8] = Array(0..<32)) -> Packet {
        defer { nextSequence &+= 1 }
        return path.emit(message(reply: false, sequence: nextSequence, payload: payload), from: .client)
    }

    /// Answers the latest request (echo replies repeat its id, sequence and data).
    @discardableResult
    public mutating func reply(payload: [UInt8] = Array(0..<32)) -> Packet {
        path.emit(message(reply: true, sequence: nextSequence &- 1, payload: payload), from: .server)
    }

    private func message(reply: Bool, sequence: UInt16, payload: [UInt8]) -> any IPPayload {
        switch (path.isIPv6, reply) {
        case (false, false): return ICMPv4Message.echoRequest(identifier: identifier, sequence: sequence, payload: payload)
        case (false, true): return ICMPv4Message.echoReply(identifier: identifier, sequence: sequence, payload: payload)
        case (true, false): return ICMPv6Message.echoRequest(identifier: identifier, sequence: sequence, payload: payload)
        case (true, true): return ICMPv6Message.echoReply(identifier: identifier, sequence: sequence, payload: payload)
        }
    }
}

/// Which end of a flow sends a packet.
public enum Side: Sendable {
    case client, server

    public var opposite: Side { self == .client ? .server : .client }
}

/// Scenario time: each packet is `step` after the one before, so expected
/// Zeek durations can be worked out by counting packets.
public struct PacketClock: Sendable {
    public var now: CaptureTime
    /// Nanoseconds between consecutive packets.
    public var step: Int64

    public init(start: CaptureTime = CaptureTime(seconds: 1_700_000_000), step: Int64 = 1_000_000) {
        self.now = start
        self.step = step
    }

    /// The current time, then moves on by `step`.
    public mutating func tick() -> CaptureTime {
        defer { now = now.advanced(byNanoseconds: step) }
        return now
    }

    /// An idle gap before the next packet.
    public mutating func wait(nanoseconds: Int64) {
        now = now.advanced(byNanoseconds: nanoseconds)
    }
}

/// The two hosts of a flow, how their packets are framed and stamped, and the
/// packets sent so far: what the TCP, UDP and ICMP helpers have in common.
public struct FlowPath: Sendable {
    public var client: HostAddress
    public var server: HostAddress
    /// The link as seen from client to server; server packets use `reversed()`.
    public var link: any LinkLayer
    public var ttl: UInt8
    public var clock: PacketClock
    public var interfaceID: UInt32 = 0
    /// Benchmarks stream millions of packets and turn this off to bound memory.
    public var recordsPackets: Bool
    public private(set) var packets: [Packet] = []
    private var identification: (client: UInt16, server: UInt16) = (0x1000, 0x2000)

    public init(client: HostAddress, server: HostAddress, link: any LinkLayer = EthernetLink(),
                clock: PacketClock = PacketClock(), ttl: UInt8 = 64, recordsPackets: Bool = true) {
        switch (client, server) {
        case (.v4, .v4), (.v6, .v6): break
        default: preconditionFailure("client and server must be of one IP family")
        }
        self.client = client
        self.server = server
        self.link = link
        self.clock = clock
        self.ttl = ttl
        self.recordsPackets = recordsPackets
    }

    public var isIPv6: Bool {
        if case .v6 = client { return true }
        return false
    }

    /// The IP packet `side` would send (DF set, per-side incrementing IPv4 id),
    /// for callers that alter it, e.g. to fragment it, before `emit(ipPacket:from:)`.
    public mutating func ipPacket(carrying payload: any IPPayload, from side: Side) -> any IPPacket {
        let (source, destination) = side == .client ? (client, server) : (server, client)
        switch (source, destination) {
        case let (.v4(s), .v4(d)):
            let id: UInt16
            if side == .client { id = identification.client; identification.client &+= 1 }
            else { id = identification.server; identification.server &+= 1 }
            return IPv4Packet(source: s, destination: d, payload: payload, identification: id, ttl: ttl, dontFragment: true)
        case let (.v6(s), .v6(d)):
            return IPv6Packet(source: s, destination: d, payload: payload, hopLimit: ttl)
        default:
            preconditionFailure("client and server must be of one IP family")
        }
    }

    /// Sends `payload` in an IP packet from `side`.
    @discardableResult
    public mutating func emit(_ payload: any IPPayload, from side: Side) -> Packet {
        emit(ipPacket: ipPacket(carrying: payload, from: side).bytes(), from: side)
    }

    /// Frames finished IP bytes (a fragment, a malformed header) for `side` and stamps them.
    @discardableResult
    public mutating func emit(ipPacket: [UInt8], from side: Side) -> Packet {
        let frame = side == .client ? link.frame(ipPacket) : link.reversed().frame(ipPacket)
        let packet = Packet(time: clock.tick(), bytes: frame, interfaceID: interfaceID)
        if recordsPackets { packets.append(packet) }
        return packet
    }
}

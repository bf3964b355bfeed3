/// One flow of the benchmark capture, producing its packets one at a time so
/// that thousands can be interleaved without any of them being built ahead.
protocol BenchmarkFlow {
    /// The next packet stamped `time`, or nil once the flow has ended.
    mutating func next(at time: CaptureTime, random: inout SplitMix64) -> Packet?
}

/// Payload bytes for the benchmark: slices of one shared block, so no per-packet
/// byte generation.
struct PayloadPool {
    private let block: [UInt8]

    init(random: inout SplitMix64) {
        block = (0..<65_536).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    func bytes(_ count: Int, random: inout SplitMix64) -> [UInt8] {
        let start = random.int(in: 0...(block.count - count))
        return Array(block[start..<(start + count)])
    }
}

/// Handshake, request/response rounds with delayed ACKs, then FIN or RST.
struct BenchmarkTCPFlow: BenchmarkFlow {
    private enum Phase { case syn, synAck, handshakeAck, data, finClient, finServer, lastAck, reset, done }

    private var tcp: TCPConversation
    private var phase = Phase.syn
    private var rounds: Int
    private var burst: (side: Side, remaining: Int) = (.client, 0)
    private var unacknowledged = 0
    private let endsWithReset: Bool
    private let pool: PayloadPool

    init(path: FlowPath, clientPort: UInt16, serverPort: UInt16, pool: PayloadPool, random: inout SplitMix64) {
        tcp = TCPConversation(client: path.client, clientPort: clientPort, server: path.server, serverPort: serverPort,
                              clientISN: UInt32(truncatingIfNeeded: random.next()), serverISN: UInt32(truncatingIfNeeded: random.next()),
                              link: path.link, recordsPackets: false)
        rounds = random.int(in: 1...6)
        endsWithReset = random.chance(15)
        self.pool = pool
    }

    mutating func next(at time: CaptureTime, random: inout SplitMix64) -> Packet? {
        tcp.clock.now = time
        switch phase {
        case .syn: phase = .synAck; return tcp.syn()
        case .synAck: phase = .handshakeAck; return tcp.synAck()
        case .handshakeAck:
            phase = .data
            burst = (.client, random.int(in: 40...1_500))
            return tcp.ack(from: .client)
        case .data: return data(random: &random)
        case .finClient: phase = .finServer; return tcp.fin(from: .client)
        case .finServer: phase = .lastAck; return tcp.fin(from: .server)
        case .lastAck: phase = .done; return tcp.ack(from: .client)
        case .reset: phase = .done; return tcp.rst(from: random.chance(50) ? .client : .server)
        case .done: return nil
        }
    }

    /// The receiver ACKs every second segment and at the end of each burst.
    private mutating func data(random: inout SplitMix64) -> Packet? {
        if unacknowledged >= 2 || (burst.remaining == 0 && unacknowledged > 0) {
            unacknowledged = 0
            return tcp.ack(from: burst.side.opposite)
        }
        if burst.remaining == 0 {
            rounds -= 1
            let side = burst.side.opposite
            // Requests are small; responses are heavy-tailed, as on real networks.
            burst = (side, side == .client ? random.int(in: 40...1_500)
                                          : random.chance(10) ? random.int(in: 20_000...400_000) : random.int(in: 100...12_000))
            if rounds <= 0 { phase = endsWithReset ? .reset : .finClient }
            return next(at: tcp.clock.now, random: &random)
        }
        let size = min(burst.remaining, Self.segmentSize(random: &random))
        burst.remaining -= size
        unacknowledged += 1
        return tcp.send(pool.bytes(size, random: &random), from: burst.side)
    }

    /// Mostly full-sized segments, some mid-sized, some tiny: frames of 60-1514 bytes.
    private static func segmentSize(random: inout SplitMix64) -> Int {
        switch random.int(in: 0...9) {
        case 0...4: return 1_448
        case 5...7: return random.int(in: 200...1_400)
        default: return random.int(in: 6...200)
        }
    }
}

/// DNS-like request/answer pairs, or a one-way stream of mid-sized datagrams
/// (like EtherNet/IP I/O or RTP).
struct BenchmarkUDPFlow: BenchmarkFlow {
    private var udp: UDPExchange
    private var remaining: Int
    private let isDNS: Bool
    private let pool: PayloadPool
    private var question: (id: UInt16, name: String) = (0, "")

    init(path: FlowPath, clientPort: UInt16, isDNS: Bool, pool: PayloadPool, random: inout SplitMix64) {
        udp = UDPExchange(client: path.client, clientPort: clientPort, server: path.server,
                          serverPort: isDNS ? 53 : [2_222, 5_004, 161][random.int(in: 0...2)], link: path.link, recordsPackets: false)
        remaining = isDNS ? 2 * random.int(in: 1...2) : random.int(in: 20...300)
        self.isDNS = isDNS
        self.pool = pool
    }

    mutating func next(at time: CaptureTime, random: inout SplitMix64) -> Packet? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        udp.clock.now = time
        guard isDNS else {
            return udp.send(pool.bytes(random.int(in: 160...1_200), random: &random), from: random.chance(90) ? .client : .server)
        }
        if remaining % 2 == 1 {
            question = (UInt16(truncatingIfNeeded: random.next()), "host\(random.int(in: 1...999)).plant.example")
            return udp.send(DNSMessage.query(id: question.id, name: question.name), from: .client)
        }
        let address: [UInt8] = [10, 20, 0, UInt8(random.int(in: 1...254))]
        return udp.send(DNSMessage.answer(id: question.id, name: question.name, address: address), from: .server)
    }
}

/// A few pings and their replies.
struct BenchmarkICMPFlow: BenchmarkFlow {
    private var echo: ICMPEcho
    private var remaining: Int

    init(path: FlowPath, random: inout SplitMix64) {
        echo = ICMPEcho(client: path.client, server: path.server, identifier: UInt16(truncatingIfNeeded: random.next()),
                        link: path.link, recordsPackets: false)
        remaining = 2 * random.int(in: 1...4)
    }

    mutating func next(at time: CaptureTime, random: inout SplitMix64) -> Packet? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        echo.clock.now = time
        return remaining % 2 == 1 ? echo.request() : echo.reply()
    }
}

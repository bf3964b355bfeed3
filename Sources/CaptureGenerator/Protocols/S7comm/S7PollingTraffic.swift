/// Many HMI/SCADA stations polling S7 PLCs over ISO-on-TCP: the OT-heavy
/// benchmark load for the s7comm analyzer.
///
/// Each session: TCP handshake, COTP CR/CC, Setup Communication, then `polls`
/// rounds of Read Variable (1–4 items of random areas and types; one round in
/// ten is a Write Variable, one in twenty a Read SZL user-data request), each
/// answered by the PLC and ACKed, then COTP DR and a FIN exchange. Up to
/// `concurrentSessions` sessions are open at once and their packets interleave;
/// only open sessions are in memory, and `write(to:)` sends packets straight
/// to the writer. The same seed gives the same packets.
public struct S7PollingTraffic {
    public struct Summary: Sendable, Equatable {
        public var packets = 0
        public var packetBytes = 0
        public var sessions = 0
        /// S7 PDUs (requests and replies) in the capture.
        public var s7PDUs = 0
    }

    public var sessions: Int
    public var polls: Int
    public var seed: UInt64
    public var concurrentSessions: Int
    public var start: CaptureTime

    public init(sessions: Int, polls: Int, seed: UInt64 = 1, concurrentSessions: Int = 64,
                start: CaptureTime = CaptureTime(seconds: 1_700_000_000)) {
        self.sessions = sessions
        self.polls = polls
        self.seed = seed
        self.concurrentSessions = max(1, concurrentSessions)
        self.start = start
    }

    /// Every packet in capture order (for small captures in tests).
    public static func packets(sessions: Int, polls: Int, seed: UInt64 = 1) -> [Packet] {
        var out: [Packet] = []
        _ = S7PollingTraffic(sessions: sessions, polls: polls, seed: seed).generate { out.append($0) }
        return out
    }

    /// Writes every packet to `writer` (which it does not close).
    public func write(to writer: any PacketWriter) throws -> Summary {
        var failure: Error?
        let summary = generate { packet in
            guard failure == nil else { return }
            do { try writer.write(packet) } catch { failure = error }
        }
        if let failure { throw failure }
        return summary
    }

    private func generate(_ emit: (Packet) -> Void) -> Summary {
        var random = SplitMix64(seed: seed)
        var summary = Summary()
        var open: [S7PollingSession] = []
        var started = 0
        var time = start
        while started < sessions || !open.isEmpty {
            while open.count < concurrentSessions && started < sessions {
                open.append(S7PollingSession(index: started, polls: polls, random: &random))
                started += 1
            }
            let slot = random.int(in: 0...(open.count - 1))
            guard let packet = open[slot].next(at: time, random: &random) else {
                summary.s7PDUs += open[slot].s7PDUs
                open.swapAt(slot, open.count - 1)
                open.removeLast()
                summary.sessions += 1
                continue
            }
            emit(packet)
            summary.packets += 1
            summary.packetBytes += packet.bytes.count
            time = time.advanced(byNanoseconds: Int64(random.int(in: 10_000...200_000)))
        }
        return summary
    }
}

/// One polling session, produced one packet at a time.
struct S7PollingSession {
    private enum Step {
        case syn, synAck, ack(Side), send([UInt8], Side), fin(Side)
    }

    private var tcp: TCPConversation
    private var steps: [Step] = []
    private var nextStep = 0
    private var pollsLeft: Int
    private var reference: UInt16 = 0
    private var isClosing = false
    private(set) var s7PDUs = 0

    /// Clients 10.1.x.y, PLCs 192.168.100.1–250 (several clients share a PLC).
    init(index: Int, polls: Int, random: inout SplitMix64) {
        let client = IPv4Address(10, 1, UInt8((index >> 8) & 0xFF), UInt8(index & 0xFF))
        let plc = IPv4Address(192, 168, 100, UInt8(1 + random.int(in: 0...249)))
        let link = EthernetLink(source: EthernetAddress(0x02_00_0A_01_00_00 | UInt64(index & 0xFFFF)),
                                destination: EthernetAddress(0x02_00_C0_A8_64_00 | UInt64(plc.value & 0xFF)))
        tcp = TCPConversation(client: .v4(client), clientPort: UInt16(49_152 + index % 16_000), server: .v4(plc),
                              serverPort: 102, clientISN: UInt32(truncatingIfNeeded: random.next()),
                              serverISN: UInt32(truncatingIfNeeded: random.next()), link: link, recordsPackets: false)
        pollsLeft = polls
        steps = [.syn, .synAck, .ack(.client),
                 .send(TPKT.wrap(COTP.connectRequest()), .client), .send(TPKT.wrap(COTP.connectConfirm()), .server),
                 .send(S7Message(.job, pduReference: 0, parameter: S7Parameter.setupCommunication()).tpkt, .client),
                 .send(S7Message(.ackData, pduReference: 0, parameter: S7Parameter.setupCommunication()).tpkt, .server),
                 .ack(.client)]
        s7PDUs = 2
    }

    mutating func next(at time: CaptureTime, random: inout SplitMix64) -> Packet? {
        if nextStep == steps.count {
            steps.removeAll(keepingCapacity: true)
            nextStep = 0
            if pollsLeft > 0 {
                pollsLeft -= 1
                addPoll(random: &random)
            } else if !isClosing {
                isClosing = true
                steps = [.send(TPKT.wrap(COTP.disconnectRequest()), .client), .fin(.client), .fin(.server), .ack(.client)]
            } else {
                return nil
            }
        }
        tcp.clock.now = time
        let step = steps[nextStep]
        nextStep += 1
        switch step {
        case .syn: return tcp.syn()
        case .synAck: return tcp.synAck()
        case .ack(let side): return tcp.ack(from: side)
        case .send(let payload, let side): return tcp.send(payload, from: side)
        case .fin(let side): return tcp.fin(from: side)
        }
    }

    /// One request, its reply and the client's ACK.
    private mutating func addPoll(random: inout SplitMix64) {
        reference &+= 1
        let request: S7Message, reply: S7Message
        switch random.int(in: 0...19) {
        case 0:
            request = S7UserData.message(mode: 4, group: 4, subfunction: 1, data: S7UserData.data([0x00, 0x11, 0x00, 0x00]),
                                         pduReference: reference)
            reply = S7UserData.message(mode: 8, group: 4, subfunction: 1,
                                       data: S7UserData.data([0x00, 0x11, 0x00, 0x00, 0x00, 0x1C, 0x00, 0x00]),
                                       pduReference: reference)
        case 1, 2:
            let item = Self.randomItem(random: &random)
            request = S7Message(.job, pduReference: reference, parameter: S7Parameter.writeVariable([item.address]),
                                data: S7DataItem.dataPart([item.value]))
            reply = S7Message(.ackData, pduReference: reference, parameter: S7Parameter.acknowledge(function: 5, itemCount: 1),
                              data: [0xFF])
        default:
            let items = (0..<random.int(in: 1...4)).map { _ in Self.randomItem(random: &random) }
            request = S7Message(.job, pduReference: reference, parameter: S7Parameter.readVariable(items.map(\.address)))
            reply = S7Message(.ackData, pduReference: reference,
                              parameter: S7Parameter.acknowledge(function: 4, itemCount: UInt8(items.count)),
                              data: S7DataItem.dataPart(items.map(\.value)))
        }
        steps = [.send(request.tpkt, .client), .send(reply.tpkt, .server), .ack(.client)]
        s7PDUs += 2
    }

    /// An address and a matching value: REAL, INTEGER, WORD or BYTE in DB, M, I or Q.
    private static func randomItem(random: inout SplitMix64) -> (address: S7ItemAddress, value: S7DataItem) {
        let area: UInt8 = [0x84, 0x83, 0x81, 0x82][random.int(in: 0...3)]
        let block = area == 0x84 ? UInt16(random.int(in: 1...200)) : 0
        let byte = UInt32(random.int(in: 0...2_000))
        switch random.int(in: 0...3) {
        case 0:
            return (S7ItemAddress(transportSize: 8, length: 1, dbNumber: block, area: area, byte: byte),
                    .real(Float(random.int(in: -100_000...100_000)) / 100))
        case 1:
            return (S7ItemAddress(transportSize: 5, length: 1, dbNumber: block, area: area, byte: byte),
                    .integer(Int16(random.int(in: -32_768...32_767))))
        case 2:
            let word = UInt16(random.int(in: 0...0xFFFF))
            return (S7ItemAddress(transportSize: 4, length: 1, dbNumber: block, area: area, byte: byte),
                    S7DataItem(transportSize: 4, length: 16, value: be16(word)))
        default:
            let count = random.int(in: 1...16)
            return (S7ItemAddress(transportSize: 2, length: UInt16(count), dbNumber: block, area: area, byte: byte),
                    S7DataItem(transportSize: 4, length: UInt16(count * 8),
                               value: (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
        }
    }
}

/// The OT-heavy benchmark load: many HMI stations polling S7 PLCs over
/// ISO-on-TCP, interleaved in time with CC-Link IE Field Basic and CC-Link IE
/// Field cyclic frames (a master and its stations every 10 ms), as a plant cell
/// would put on one mirror port. Sized by file bytes; the same seed gives the
/// same bytes.
public struct OTBenchmarkCapture {
    public struct Summary: Sendable, Equatable {
        public var packets = 0
        public var s7Sessions = 0
        public var s7PDUs = 0
        public var ccLinkFrames = 0
    }

    public var targetFileBytes: Int
    public var seed: UInt64
    public var pollsPerSession: Int

    public init(targetFileBytes: Int, seed: UInt64 = 1, pollsPerSession: Int = 200) {
        self.targetFileBytes = targetFileBytes
        self.seed = seed
        self.pollsPerSession = pollsPerSession
    }

    /// Writes every packet to `writer` (which it does not close).
    public func write(to writer: any PacketWriter) throws -> Summary {
        let ccLink = CCLinkCyclicTraffic(basicSlaves: 8, fieldStations: 4)
        let perSession = S7PollingTraffic.packets(sessions: 2, polls: pollsPerSession, seed: seed)
            .reduce(0) { $0 + $1.bytes.count + 16 } / 2
        // About five sixths of the bytes are S7 (see the cycle rate above).
        let sessions = max(1, targetFileBytes * 5 / 6 / max(1, perSession))
        let merging = MergingWriter(output: writer, ccLink: ccLink)
        let s7 = try S7PollingTraffic(sessions: sessions, polls: pollsPerSession, seed: seed).write(to: merging)
        return Summary(packets: s7.packets + merging.ccLinkFrames, s7Sessions: s7.sessions, s7PDUs: s7.s7PDUs,
                       ccLinkFrames: merging.ccLinkFrames)
    }
}

/// Passes S7 packets through, first writing every CC-Link cycle that is due by
/// the S7 packet's time, so the capture stays in time order.
private final class MergingWriter: PacketWriter {
    let output: any PacketWriter
    let ccLink: CCLinkCyclicTraffic
    private var nextCycle = 0
    private var pending: [Packet] = []
    private(set) var ccLinkFrames = 0

    init(output: any PacketWriter, ccLink: CCLinkCyclicTraffic) {
        self.output = output
        self.ccLink = ccLink
    }

    func write(_ packet: Packet) throws {
        while true {
            if pending.isEmpty {
                pending = ccLink.cycle(nextCycle).reversed()
                nextCycle += 1
            }
            guard let due = pending.last, due.time <= packet.time else { break }
            try output.write(pending.removeLast())
            ccLinkFrames += 1
        }
        try output.write(packet)
    }

    func close() throws {}

    var bytesWritten: Int { output.bytesWritten }
}

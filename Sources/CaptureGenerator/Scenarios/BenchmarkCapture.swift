/// The large, realistic, deterministic capture behind `capture-gen bench`.
///
/// A fixed number of flow slots is kept busy: each packet comes from a randomly
/// chosen slot, and a finished flow is replaced by a new one, so thousands of
/// flows are open at once and packets of different flows interleave as on a
/// real link. Only the open flows are in memory; packets go straight to the
/// writer.
public struct BenchmarkCapture {
    public struct Summary: Sendable {
        public var packets = 0
        /// Captured packet bytes, headers of the file format excluded.
        public var packetBytes = 0
        public var flows = 0
    }

    public var targetFileBytes: Int
    public var concurrentFlows: Int
    public var seed: UInt64
    public var start: CaptureTime

    public init(targetFileBytes: Int, concurrentFlows: Int = 4_000, seed: UInt64 = 1,
                start: CaptureTime = CaptureTime(seconds: 1_700_000_000)) {
        self.targetFileBytes = targetFileBytes
        self.concurrentFlows = concurrentFlows
        self.seed = seed
        self.start = start
    }

    /// Writes packets until the file reaches the target size; does not close the writer.
    public func write(to writer: any PacketWriter) throws -> Summary {
        var random = SplitMix64(seed: seed)
        let pool = PayloadPool(random: &random)
        var summary = Summary()
        var flows: [any BenchmarkFlow] = []
        for _ in 0..<concurrentFlows {
            flows.append(newFlow(pool: pool, random: &random))
        }
        summary.flows = flows.count
        var time = start
        while writer.bytesWritten < targetFileBytes {
            let slot = random.int(in: 0...(flows.count - 1))
            guard let packet = flows[slot].next(at: time, random: &random) else {
                flows[slot] = newFlow(pool: pool, random: &random)
                summary.flows += 1
                continue
            }
            try writer.write(packet)
            summary.packets += 1
            summary.packetBytes += packet.bytes.count
            // About 100k packets per second on the wire.
            time = time.advanced(byNanoseconds: Int64(random.int(in: 0...20_000)))
        }
        return summary
    }

    /// 72% TCP, 17% DNS, 10% UDP streams, 1% ICMP; 10% IPv6, 10% VLAN-tagged.
    private func newFlow(pool: PayloadPool, random: inout SplitMix64) -> any BenchmarkFlow {
        let path = randomPath(random: &random)
        let clientPort = UInt16(random.int(in: 32_768...60_999))
        switch random.int(in: 0...99) {
        case 0..<72:
            let serverPort = UInt16([80, 443, 502, 20_000, 102, 44_818, 22][random.int(in: 0...6)])
            return BenchmarkTCPFlow(path: path, clientPort: clientPort, serverPort: serverPort, pool: pool, random: &random)
        case 72..<89: return BenchmarkUDPFlow(path: path, clientPort: clientPort, isDNS: true, pool: pool, random: &random)
        case 89..<99: return BenchmarkUDPFlow(path: path, clientPort: clientPort, isDNS: false, pool: pool, random: &random)
        default: return BenchmarkICMPFlow(path: path, random: &random)
        }
    }

    /// Clients in 10.0.0.0/8 (or fd00:1::/64), servers in 192.168.0.0/20 (or fd00:2::/64).
    private func randomPath(random: inout SplitMix64) -> FlowPath {
        let clientHost = UInt32(random.int(in: 1...0xFF_FFFE))
        let serverHost = UInt32(random.int(in: 1...0xFFE))
        let vlanTags = random.chance(10) ? [VLANTag(id: UInt16(random.int(in: 100...110)))] : []
        let link = EthernetLink(source: EthernetAddress(0x02_00_00_00_00_00 | UInt64(clientHost)),
                                destination: EthernetAddress(0x02_00_00_FF_00_00 | UInt64(serverHost)), vlanTags: vlanTags)
        if random.chance(10) {
            return FlowPath(client: .v6(Self.ipv6(prefix: 0xFD00_0001, host: clientHost)),
                            server: .v6(Self.ipv6(prefix: 0xFD00_0002, host: serverHost)), link: link)
        }
        return FlowPath(client: .v4(IPv4Address(0x0A00_0000 | clientHost)), server: .v4(IPv4Address(0xC0A8_0000 | serverHost)), link: link)
    }

    private static func ipv6(prefix: UInt32, host: UInt32) -> IPv6Address {
        var bytes: [UInt8] = []
        bytes.appendBE(prefix)
        bytes += [UInt8](repeating: 0, count: 8)
        bytes.appendBE(host)
        return IPv6Address(bytes: bytes)
    }
}

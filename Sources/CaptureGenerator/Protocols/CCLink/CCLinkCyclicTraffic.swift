/// Deterministic CC-Link cyclic traffic for OT-heavy captures: every `period`
/// a CC-Link IE Field Basic master broadcasts a cyclic request (UDP 61450) and
/// each slave answers, and a CC-Link IE Field master node sends its cyclic
/// frames (RWw, RY) while each station answers with RWr and RX (EtherType
/// 0x890F), with a tokenM frame closing the cycle.
///
///     let traffic = CCLinkCyclicTraffic(basicSlaves: 8, fieldStations: 4, period: 10_000_000)
///     try traffic.write(cycles: 6_000, to: writer)       // one minute at 10 ms
///
/// Per cycle: 1 + basicSlaves datagrams and 3 + 2 × fieldStations frames.
public struct CCLinkCyclicTraffic: Sendable {
    /// IEF Basic slaves answering the master (172.16.0.11, .12, …).
    public var basicSlaves: Int
    /// IE Field stations answering the master node (node numbers 1, 2, …).
    public var fieldStations: Int
    /// Nanoseconds between cycles.
    public var period: Int64
    public var start: CaptureTime

    public static let basicMaster: IPv4Address = "172.16.0.10"
    public static let basicBroadcast: IPv4Address = "172.16.0.255"
    public static let basicMasterMAC: EthernetAddress = 0x02_CC_00_00_00_0A
    public static let fieldMasterMAC: EthernetAddress = 0x02_CC_01_00_00_00
    public static let broadcastMAC: EthernetAddress = 0xFF_FF_FF_FF_FF_FF

    public init(basicSlaves: Int = 4, fieldStations: Int = 4, period: Int64 = 10_000_000,
                start: CaptureTime = CaptureTime(seconds: 1_700_000_000)) {
        precondition(basicSlaves >= 0 && basicSlaves < 200 && fieldStations >= 0 && fieldStations < 120)
        self.basicSlaves = basicSlaves
        self.fieldStations = fieldStations
        self.period = period
        self.start = start
    }

    public static func basicSlave(_ index: Int) -> IPv4Address { IPv4Address(172, 16, 0, UInt8(11 + index)) }
    public static func basicSlaveMAC(_ index: Int) -> EthernetAddress { EthernetAddress(0x02_CC_00_00_01_00 | UInt64(index)) }
    public static func fieldStationMAC(_ index: Int) -> EthernetAddress { EthernetAddress(0x02_CC_01_00_01_00 | UInt64(index)) }

    /// The packets of cycle `n` (0-based), in time order: 20 µs apart from the
    /// start of the cycle.
    public func cycle(_ n: Int) -> [Packet] {
        var time = start.advanced(byNanoseconds: Int64(n) * period)
        var packets: [Packet] = []
        func stamp(_ bytes: [UInt8]) {
            packets.append(Packet(time: time, bytes: bytes))
            time = time.advanced(byNanoseconds: 20_000)
        }
        let sequence = UInt16(truncatingIfNeeded: n)
        if basicSlaves > 0 {
            stamp(Self.udpFrame(from: Self.basicMaster, Self.basicMasterMAC, to: Self.basicBroadcast, Self.broadcastMAC,
                                payload: CCLinkIEFBasicMessage.request(stations: basicSlaves, frameSequence: sequence)))
        }
        for slave in 0..<basicSlaves {
            stamp(Self.udpFrame(from: Self.basicSlave(slave), Self.basicSlaveMAC(slave), to: Self.basicMaster,
                                Self.basicMasterMAC, payload: CCLinkIEFBasicMessage.response(frameSequence: sequence)))
        }
        guard fieldStations > 0 else { return packets }
        let master = EthernetLink(source: Self.fieldMasterMAC, destination: Self.broadcastMAC)
        for frameType: UInt8 in [0x82, 0x83] {
            stamp(master.frame(etherType: CCLinkIEFrame.etherType, payload: CCLinkIEFrame.field(
                frameType: frameType, nodeID: 0, srcNodeNumber: 0, body: [UInt8](repeating: 0, count: 64))))
        }
        for station in 0..<fieldStations {
            let link = EthernetLink(source: Self.fieldStationMAC(station), destination: Self.fieldMasterMAC)
            for frameType: UInt8 in [0x84, 0x85] {
                stamp(link.frame(etherType: CCLinkIEFrame.etherType, payload: CCLinkIEFrame.field(
                    frameType: frameType, nodeID: 0, srcNodeNumber: UInt16(station + 1),
                    body: [UInt8](repeating: 0, count: 64))))
            }
        }
        stamp(master.frame(etherType: CCLinkIEFrame.etherType, payload: CCLinkIEFrame.field(
            frameType: 0x15, nodeID: 1, srcNodeNumber: 0)))
        return packets
    }

    /// Every packet of `cycles` cycles, in time order.
    public func packets(cycles: Int) -> [Packet] {
        (0..<cycles).flatMap { cycle($0) }
    }

    /// Streams `cycles` cycles into `writer` (without closing it); returns the packet count.
    @discardableResult
    public func write(cycles: Int, to writer: any PacketWriter) throws -> Int {
        var count = 0
        for n in 0..<cycles {
            for packet in cycle(n) {
                try writer.write(packet)
                count += 1
            }
        }
        return count
    }

    private static func udpFrame(from source: IPv4Address, _ sourceMAC: EthernetAddress, to destination: IPv4Address,
                                 _ destinationMAC: EthernetAddress, payload: [UInt8]) -> [UInt8] {
        let datagram = UDPDatagram(sourcePort: CCLinkIEFBasicMessage.cyclicPort,
                                   destinationPort: CCLinkIEFBasicMessage.cyclicPort, payload: payload)
        let ip = IPv4Packet(source: source, destination: destination, payload: datagram, ttl: 128)
        return EthernetLink(source: sourceMAC, destination: destinationMAC).frame(ip.bytes())
    }
}

/// The plant-floor part of the demo capture: one of each OT and discovery
/// exchange the sensor has a log for, after the IT traffic (from 6 s on).
extension SampleCapture {
    /// An HMI polling an S7 PLC: connect, Setup Communication, two reads, disconnect.
    static func s7Polling() -> [Packet] {
        let writer = CollectingWriter()
        _ = try? S7PollingTraffic(sessions: 1, polls: 2, seed: 7, start: start.advanced(byNanoseconds: 6_000_000_000))
            .write(to: writer)
        return writer.packets
    }

    /// Three 10 ms cycles of a CC-Link IE Field Basic master with two slaves and
    /// a CC-Link IE Field master with two stations.
    static func ccLinkCycles() -> [Packet] {
        CCLinkCyclicTraffic(basicSlaves: 2, fieldStations: 2, start: start.advanced(byNanoseconds: 7_000_000_000))
            .packets(cycles: 3)
    }

    /// The workstation asks for the gateway's MAC address and gets it.
    static func arpExchange() -> [Packet] {
        let time = start.advanced(byNanoseconds: 8_000_000_000)
        let request = ARPPacket.request(from: workstationMAC, "192.168.1.10", for: "192.168.1.1")
        let reply = ARPPacket.reply(from: gatewayMAC, "192.168.1.1", to: workstationMAC, "192.168.1.10")
        return [
            Packet(time: time, bytes: EthernetLink(source: workstationMAC, destination: 0xFF_FF_FF_FF_FF_FF)
                .frame(etherType: ARPPacket.etherType, payload: request.bytes)),
            Packet(time: time.advanced(byNanoseconds: 1_000_000), bytes: EthernetLink(source: gatewayMAC, destination: workstationMAC)
                .frame(etherType: ARPPacket.etherType, payload: reply.bytes)),
        ]
    }

    /// A new engineering laptop broadcasts a DHCP Discover with its host name.
    static func dhcpDiscover() -> [Packet] {
        let laptopMAC: EthernetAddress = "02:00:00:00:01:42"
        var udp = UDPExchange(client: "0.0.0.0", clientPort: 68, server: "255.255.255.255", serverPort: 67,
                              link: EthernetLink(source: laptopMAC, destination: 0xFF_FF_FF_FF_FF_FF),
                              clock: clock(at: 8_500))
        let discover = DHCPMessage(hardwareAddress: laptopMAC.bytes, options: [
            .messageType(1), .hostname("eng-laptop-7"), .parameterRequestList([1, 3, 6, 15, 119, 252]),
            .classID("MSFT 5.0"),
        ])
        udp.send(discover.bytes, from: .client)
        return udp.packets
    }

    /// The workstation looks for UPnP devices.
    static func ssdpSearch() -> [Packet] {
        var udp = UDPExchange(client: "192.168.1.10", clientPort: 50_900, server: "239.255.255.250", serverPort: 1900,
                              link: EthernetLink(source: workstationMAC, destination: "01:00:5e:7f:ff:fa"),
                              clock: clock(at: 9_000))
        udp.send(SSDPDatagram.search(userAgent: "otsensor-sample UPnP/1.1"), from: .client)
        return udp.packets
    }
}

/// Keeps what a scenario writes, for scenarios that stream to a writer.
private final class CollectingWriter: PacketWriter {
    private(set) var packets: [Packet] = []
    func write(_ packet: Packet) throws { packets.append(packet) }
    func close() throws {}
    var bytesWritten: Int { packets.reduce(0) { $0 + $1.bytes.count } }
}

/// The small, fixed demo capture: one of each thing a sensor should log, each
/// simple enough to check its Zeek conn.log row by hand.
///
/// Hosts: 192.168.1.10 is the workstation, .20 a web server, .1 the gateway
/// (DNS, ping), .30 a syslog collector; 10.10.100.0/24 is a PLC cell on VLAN 100;
/// the plant floor (SampleCapture+Plant.swift) adds an S7 HMI session, CC-Link
/// cyclic traffic and the discovery chatter of a new machine (ARP, DHCP, SSDP).
public enum SampleCapture {
    public static let start = CaptureTime(seconds: 1_700_000_000)

    public static func make() -> Capture {
        var capture = Capture()
        for session in [http(), rejected(), unanswered(), dns(), ping(), modbusOnVLAN(), ipv6HTTP(), fragmentedSyslog(),
                        s7Polling(), ccLinkCycles(), arpExchange(), dhcpDiscover(), ssdpSearch()] {
            capture.append(contentsOf: session)
        }
        return capture.timeOrdered()
    }

    static let workstationMAC: EthernetAddress = "02:00:00:00:01:0a"
    static let gatewayMAC: EthernetAddress = "02:00:00:00:01:01"
    static let workstationLink = EthernetLink(source: workstationMAC, destination: gatewayMAC)

    static func clock(at offsetMilliseconds: Int64) -> PacketClock {
        PacketClock(start: start.advanced(byNanoseconds: offsetMilliseconds * 1_000_000), step: 1_000_000)
    }

    /// HTTP GET answered with 200, then a client-initiated close (Zeek state SF).
    private static func http() -> [Packet] {
        var tcp = TCPConversation(client: "192.168.1.10", clientPort: 49_152, server: "192.168.1.20", serverPort: 80,
                                  clientISN: 1_000, serverISN: 5_000, link: workstationLink, clock: clock(at: 0))
        tcp.syn(); tcp.synAck(); tcp.ack(from: .client)
        tcp.send(Array("GET /index.html HTTP/1.1\r\nHost: 192.168.1.20\r\nUser-Agent: otsensor-sample\r\n\r\n".utf8), from: .client)
        tcp.ack(from: .server)
        let body = "<html><body>hello from the sample</body></html>\n"
        tcp.send(Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8), from: .server)
        tcp.ack(from: .client)
        tcp.fin(from: .client); tcp.fin(from: .server); tcp.ack(from: .client)
        return tcp.packets
    }

    /// SYN to a closed telnet port, answered by RST (Zeek state REJ).
    private static func rejected() -> [Packet] {
        var tcp = TCPConversation(client: "192.168.1.10", clientPort: 49_153, server: "192.168.1.20", serverPort: 23,
                                  link: workstationLink, clock: clock(at: 1_000))
        tcp.syn(); tcp.rst(from: .server)
        return tcp.packets
    }

    /// A SYN to a Modbus port that nothing answers (Zeek state S0).
    private static func unanswered() -> [Packet] {
        var tcp = TCPConversation(client: "192.168.1.10", clientPort: 49_154, server: "10.0.0.99", serverPort: 502,
                                  link: workstationLink, clock: clock(at: 1_500))
        tcp.syn()
        return tcp.packets
    }

    private static func dns() -> [Packet] {
        var udp = UDPExchange(client: "192.168.1.10", clientPort: 53_000, server: "192.168.1.1", serverPort: 53,
                              link: workstationLink, clock: clock(at: 2_000))
        udp.send(DNSMessage.query(id: 0x4A4A, name: "plc1.plant.example"), from: .client)
        udp.send(DNSMessage.answer(id: 0x4A4A, name: "plc1.plant.example", address: [10, 10, 100, 20]), from: .server)
        return udp.packets
    }

    private static func ping() -> [Packet] {
        var echo = ICMPEcho(client: "192.168.1.10", server: "192.168.1.1", identifier: 0x0101,
                            link: workstationLink, clock: clock(at: 2_500))
        echo.request(); echo.reply()
        return echo.packets
    }

    /// Modbus/TCP "read holding registers" between an HMI and a PLC on VLAN 100.
    private static func modbusOnVLAN() -> [Packet] {
        let link = EthernetLink(source: "02:00:00:00:64:05", destination: "02:00:00:00:64:14", vlanTags: [VLANTag(id: 100)])
        var tcp = TCPConversation(client: "10.10.100.5", clientPort: 50_200, server: "10.10.100.20", serverPort: 502,
                                  clientISN: 70_000, serverISN: 90_000, link: link, clock: clock(at: 3_000))
        tcp.syn(); tcp.synAck(); tcp.ack(from: .client)
        tcp.send([0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A], from: .client)
        tcp.send([0x00, 0x01, 0x00, 0x00, 0x00, 0x17, 0x01, 0x03, 0x14] + Array(repeating: 0x00, count: 20), from: .server)
        tcp.ack(from: .client)
        tcp.fin(from: .client); tcp.fin(from: .server); tcp.ack(from: .client)
        return tcp.packets
    }

    private static func ipv6HTTP() -> [Packet] {
        var tcp = TCPConversation(client: "fd00::10", clientPort: 49_200, server: "fd00::20", serverPort: 80,
                                  clientISN: 20_000, serverISN: 40_000, link: workstationLink, clock: clock(at: 4_000))
        tcp.syn(); tcp.synAck(); tcp.ack(from: .client)
        tcp.send(Array("GET / HTTP/1.1\r\nHost: [fd00::20]\r\n\r\n".utf8), from: .client)
        tcp.send(Array("HTTP/1.1 204 No Content\r\n\r\n".utf8), from: .server)
        tcp.fin(from: .client); tcp.fin(from: .server); tcp.ack(from: .client)
        return tcp.packets
    }

    /// A 2000-byte syslog datagram over a 1500-byte MTU: two IPv4 fragments
    /// (1480 + 528 bytes of IP payload).
    private static func fragmentedSyslog() -> [Packet] {
        var udp = UDPExchange(client: "192.168.1.10", clientPort: 40_000, server: "192.168.1.30", serverPort: 514,
                              link: workstationLink, clock: clock(at: 5_000))
        let message = "<134>1 2023-11-14T22:13:25Z ws1 otsensor - - - " + String(repeating: "x", count: 1_950)
        let payload = Array(message.utf8.prefix(2_000))
        let datagram = IPv4Packet(source: "192.168.1.10", destination: "192.168.1.30",
                                  payload: udp.datagram(payload, from: .client), identification: 0x5150)
        for fragment in datagram.fragments(payloadSizes: [1_480]) {
            udp.path.emit(ipPacket: fragment, from: .client)
        }
        return udp.packets
    }
}

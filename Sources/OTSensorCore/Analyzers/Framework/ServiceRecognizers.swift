/// One recogniser with the ports Zeek attaches its analyzer to.
public struct ServiceRecognizerRegistration: Sendable {
    public let recognizer: any ServiceRecognizer.Type
    public let transport: Transport
    /// The ports of the analyzer's `Analyzer::register_for_ports` call in
    /// scripts/base/protocols/<proto>/main.zeek.
    public let ports: [UInt16]
    /// The ports the same call adds to `likely_server_ports`, which decide a
    /// connection's roles when its first packet does not: all of `ports`
    /// except QUIC's DNS-over-QUIC ports, plus 20000/udp, which Zeek
    /// registers for DNP3 without attaching the UDP analyzer there.
    public let likelyServerPorts: [UInt16]
    /// Zeek's analyzer ignores a partial TCP connection, one whose first
    /// packets were not SYN and SYN-ACK (`TCP()->IsPartial()` in SSL.cc,
    /// SSH.cc, SOCKS.cc; SMTP's ContentLine analyzers `SetSkipPartial`): the
    /// framework should not feed such a connection to the recogniser.
    public let skipsPartialConnections: Bool

    init(_ recognizer: any ServiceRecognizer.Type, _ transport: Transport, ports: [UInt16],
         likelyServerPorts: [UInt16]? = nil, skipsPartialConnections: Bool = false) {
        self.recognizer = recognizer
        self.transport = transport
        self.ports = ports
        self.likelyServerPorts = likelyServerPorts ?? ports
        self.skipsPartialConnections = skipsPartialConnections
    }
}

/// Every service recogniser, with Zeek's well-known ports for it (Zeek
/// 9.1's scripts/base/protocols). Content detection (DPD signatures) attaches
/// them on any other port.
public enum ServiceRecognizers {
    public static let all: [ServiceRecognizerRegistration] = [
        .init(TLSRecognizer.self, .tcp, ports: [443, 465, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223],
              skipsPartialConnections: true),
        .init(SSHRecognizer.self, .tcp, ports: [22], skipsPartialConnections: true),
        .init(FTPRecognizer.self, .tcp, ports: [21, 2811]),
        .init(SMTPRecognizer.self, .tcp, ports: [25, 587], skipsPartialConnections: true),
        .init(QUICRecognizer.self, .udp, ports: [443, 853, 784], likelyServerPorts: [443]),
        .init(LDAPTCPRecognizer.self, .tcp, ports: [389, 3268]),
        .init(LDAPUDPRecognizer.self, .udp, ports: [389]),
        .init(SOCKSRecognizer.self, .tcp, ports: [1080], skipsPartialConnections: true),
        .init(ModbusRecognizer.self, .tcp, ports: [502]),
        .init(DNP3TCPRecognizer.self, .tcp, ports: [20000]),
        .init(DNP3UDPRecognizer.self, .udp, ports: [], likelyServerPorts: [20000]),
        .init(NTPRecognizer.self, .udp, ports: [123]),
    ]
}

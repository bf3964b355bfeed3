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

    init(_ recognizer: any ServiceRecognizer.Type, _ transport: Transport, ports: [UInt16],
         likelyServerPorts: [UInt16]? = nil) {
        self.recognizer = recognizer
        self.transport = transport
        self.ports = ports
        self.likelyServerPorts = likelyServerPorts ?? ports
    }
}

/// Every service recogniser, with Zeek's well-known ports for it (Zeek
/// 9.1's scripts/base/protocols). Content detection (DPD signatures) attaches
/// them on any other port.
public enum ServiceRecognizers {
    public static let all: [ServiceRecognizerRegistration] = [
        .init(TLSRecognizer.self, .tcp, ports: [443, 465, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223]),
        .init(SSHRecognizer.self, .tcp, ports: [22]),
        .init(FTPRecognizer.self, .tcp, ports: [21, 2811]),
        .init(SMTPRecognizer.self, .tcp, ports: [25, 587]),
        .init(QUICRecognizer.self, .udp, ports: [443, 853, 784], likelyServerPorts: [443]),
        .init(LDAPTCPRecognizer.self, .tcp, ports: [389, 3268]),
        .init(LDAPUDPRecognizer.self, .udp, ports: [389]),
        .init(SOCKSRecognizer.self, .tcp, ports: [1080]),
        .init(ModbusRecognizer.self, .tcp, ports: [502]),
        .init(DNP3TCPRecognizer.self, .tcp, ports: [20000]),
        .init(DNP3UDPRecognizer.self, .udp, ports: [], likelyServerPorts: [20000]),
        .init(NTPRecognizer.self, .udp, ports: [123]),
    ]
}

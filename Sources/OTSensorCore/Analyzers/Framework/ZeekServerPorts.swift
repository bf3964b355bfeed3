/// The ports Zeek's protocol scripts register their analyzers for
/// (`Analyzer::register_for_ports` in scripts/base/protocols/*/main.zeek),
/// by the analyzer's conn.log name: a recogniser registered in
/// `AnalyzerRegistry.recognizers` is attached to a connection whose responder
/// port is listed under its `service`.
enum ZeekServerPorts {
    static func ports(of service: String) -> (tcp: [UInt16], udp: [UInt16]) {
        switch service {
        case "ssl": ([443, 465, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223], [])
        case "dtls": ([], [443])
        case "ssh": ([22], [])
        case "ftp": ([21, 2811], [])
        case "smtp": ([25, 587], [])
        case "quic": ([], [443])
        case "ldap_tcp": ([389, 3268], [])
        case "ldap_udp": ([], [389])
        case "socks": ([1080], [])
        case "modbus": ([502], [])
        case "dnp3_tcp": ([20_000], [])
        case "dnp3_udp": ([], [20_000])
        case "ntp": ([], [123])
        default: ([], [])
        }
    }
}

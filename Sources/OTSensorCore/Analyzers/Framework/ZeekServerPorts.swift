/// The ports Zeek's protocol scripts register their analyzers for
/// (`Analyzer::register_for_ports` in scripts/base/protocols/*/main.zeek),
/// by the analyzer's conn.log name, as `ServiceRecognizers.all` lists them: a
/// recogniser registered in `AnalyzerRegistry.recognizers` is attached to a
/// connection whose responder port is listed under its `service`.
enum ZeekServerPorts {
    static func ports(of service: String) -> (tcp: [UInt16], udp: [UInt16]) {
        let named = ServiceRecognizers.all.filter { $0.recognizer.service.lowercased() == service }
        return (named.filter { $0.transport == .tcp }.flatMap(\.ports), named.filter { $0.transport == .udp }.flatMap(\.ports))
    }
}

/// A SOCKS 5 session with username/password (Zeek: service socks).
/// Real payloads from traces of Zeek's regression suite (the cases in
/// ../shared/conformance/zeek, Zeek's testing/btest/Traces), as tshark
/// extracted them (`-T fields -e tcp.payload` or `-e udp.payload`).
enum SOCKSTraceBytes {
    /// Method request (username/password), choice 2, RFC 1929 credentials, success, CONNECT 192.168.0.2:22, success.
    /// socks-auth-10080.pcap, `tshark -Y 'tcp.stream==0 && tcp.len>0'`, frames 4, 6, 8, 10, 11, 15.
    static let authSession: [TracePayload] = [
        .orig("0503000302"),
        .resp("0502"),
        .orig("0103626f6205616c696365"),
        .resp("0100"),
        .orig("05010001c0a800020016"),
        .resp("05000001c0a80001da8f"),
    ]
}

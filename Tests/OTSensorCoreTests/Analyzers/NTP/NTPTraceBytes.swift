/// NTP datagrams (Zeek: service ntp).
/// Real payloads from traces of Zeek's regression suite (the cases in
/// ../shared/conformance/zeek, Zeek's testing/btest/Traces), as tshark
/// extracted them (`-T fields -e tcp.payload` or `-e udp.payload`).
enum NTPTraceBytes {
    /// The server reply (mode 4) arrives before the client request (mode 3); Zeek flips the roles (conn.log history D^).
    /// misordered-ntp.pcap, `tshark -Y 'udp'`, frames 1, 2.
    static let misordered: [TracePayload] = [
        .orig("""
            240108ec000000000000004147505373dbaca3e7f6d6ae36dbaca3e877c408acdbaca3e8820d178fdbaca3e8820e179e
            """),
        .orig("""
            e3000800000000000000000000000000000000000000000000000000000000000000000000000000dbaca3e877c408ac
            """),
    ]
}

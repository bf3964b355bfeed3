/// DNP3 over TCP and UDP, from Zeek's Traces/dnp3 (tshark reads the header CRCs without complaint).
/// Real payloads from traces of Zeek's regression suite (the cases in
/// ../shared/conformance/zeek, Zeek's testing/btest/Traces), as tshark
/// extracted them (`-T fields -e tcp.payload` or `-e udp.payload`).
enum DNP3TraceBytes {
    /// dnp3_read.pcap: a READ request and its response (tshark: header CRC 0x0345, 0x5468).
    /// dnp3_read.pcap, `tshark -Y 'tcp.len>0'`, frames 4, 6.
    static let tcpRead: [TracePayload] = [
        .orig("056414c4020003004503c7c8013c02063c03063c04063c010642ac"),
        .resp("""
            05647444030002006854f4c88100000102000008810181010101d3740101010a02000006000000000000011e6ca40100
            000e01ef030000010300000001ed2178030000012bd1ffff01ed03000001e62e41c9000001170d0200000000000001b5
            0c02c650000000000000018a0d020000000000000693000000000000000000000000000000ffff
            """),
    ]

    /// dnp3_udp_write.pcap: a WRITE request and its response (tshark: header CRC 0x12cd, 0xe1cb).
    /// dnp3_udp_write.pcap, `tshark -Y 'udp'`, frames 1, 2.
    static let udpWrite: [TracePayload] = [
        .orig("05640ec401006400cd12ccce025001000707003835"),
        .resp("05640a4464000100cbe1f7ce810000ec52"),
    ]
}

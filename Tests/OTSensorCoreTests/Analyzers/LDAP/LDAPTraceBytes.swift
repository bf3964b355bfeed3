/// LDAP over TCP (Zeek: service ldap_tcp).
/// Real payloads from traces of Zeek's regression suite (the cases in
/// ../shared/conformance/zeek, Zeek's testing/btest/Traces), as tshark
/// extracted them (`-T fields -e tcp.payload` or `-e udp.payload`).
enum LDAPTraceBytes {
    /// Simple bind request and response, then the Who am I? extended request and response (tshark: bindRequest(1), bindResponse(1), extendedReq(2), extendedResp(2)).
    /// ldap-who-am-i.pcap, `tshark -Y 'tcp.stream==0 && tcp.len>0'`, frames 4, 6, 8, 9.
    static let whoAmI: [TracePayload] = [
        .orig("302a0201016025020103041a636e3d61646d696e2c64633d6578616d706c652c64633d636f6d80047a65656b"),
        .resp("300c02010161070a010004000400"),
        .orig("301e02010277198017312e332e362e312e342e312e343230332e312e31312e33"),
        .resp("302b02010278260a0100040004008b1d646e3a636e3d61646d696e2c64633d6578616d706c652c64633d636f6d"),
    ]
}

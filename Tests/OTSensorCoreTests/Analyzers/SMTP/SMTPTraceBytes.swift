/// An SMTP session (Zeek: service smtp).
/// Real payloads from traces of Zeek's regression suite (the cases in
/// ../shared/conformance/zeek, Zeek's testing/btest/Traces), as tshark
/// extracted them (`-T fields -e tcp.payload` or `-e udp.payload`).
enum SMTPTraceBytes {
    /// Greeting, EHLO, the EHLO reply, MAIL FROM and its reply (RFC 3030 example 1).
    /// rfc3030-bdat-example1.pcap, `tshark -Y 'tcp.stream==0 && tcp.len>0'`, frames 4, 6, 8, 10, 11.
    static let bdatSession: [TracePayload] = [
        .resp("323230206578616d706c652e636f6d2045534d545020506f7374666978202844656269616e2f474e55290d0a"),
        .orig("45484c4f206c6f63616c686f73740d0a"),
        .resp("""
            3235302d6578616d706c652e636f6d0d0a3235302d504950454c494e494e470d0a3235302d53495a4520313032343030
            30300d0a3235302d4554524e0d0a3235302d5354415254544c530d0a3235302d454e48414e434544535441545553434f
            4445530d0a3235302d384249544d494d450d0a3235302d44534e0d0a3235302d534d5450555446380d0a323530204348
            554e4b494e470d0a
            """),
        .orig("4d41494c2046524f4d3a3c7a65656b406c6f63616c686f73743e0d0a"),
        .resp("32353020322e312e30204f6b0d0a"),
    ]
}

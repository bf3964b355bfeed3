/// Modbus/TCP and other protocols on port 502 (Zeek: modbus for stream 0 only).
/// Real payloads from traces of Zeek's regression suite (the cases in
/// ../shared/conformance/zeek, Zeek's testing/btest/Traces), as tshark
/// extracted them (`-T fields -e tcp.payload` or `-e udp.payload`).
enum ModbusTraceBytes {
    /// Stream 0: Read Coils request and response (Zeek: service modbus).
    /// modbus-and-non-modbus-p502.pcap, `tshark -Y 'tcp.stream==0 && tcp.len>0'`, frames 4, 5.
    static let readCoils: [TracePayload] = [
        .orig("0001000000060a0100000001"),
        .resp("0001000000040a010100"),
    ]

    /// Streams 1, 2, 4, 5, 6: DCE/RPC bind, ONC RPC, HTTP GET, a scanner's "MGLNDD" probe, RDP (Zeek: no modbus service), the client's first segment each.
    /// modbus-and-non-modbus-p502.pcap, `tshark -Y 'tcp.len>0 && tcp.dstport==502 && tcp.stream!=0 && tcp.stream!=3'`, frames 29, 39, 65, 70, 80.
    static let otherProtocols: [TracePayload] = [
        .orig("""
            05000b03100000004800000001000000b810b8100000000001000000000001000883afe11f5dc91191a408002b14a0fa
            03000000045d888aeb1cc9119fe808002b10486002000000
            """),
        .orig("800000287e86ab4a0000000000000002000186a3000000030000000000000000000000000000000000000000"),
        .orig("""
            474554202f20485454502f312e310d0a486f73743a203136302e39372e37302e33340d0a4163636570743a202a2f2a0d
            0a4163636570742d456e636f64696e673a20677a69700d0a557365722d4167656e743a204d6f7a696c6c612f352e3020
            7a677261622f302e780d0a0d0a
            """),
        .orig("4d474c4e44445f3136302e39372e37302e33365f3530320a"),
        .orig("0300002b26e00000000000436f6f6b69653a206d737473686173683d61646d696e0d0a0100080001000000"),
    ]
}

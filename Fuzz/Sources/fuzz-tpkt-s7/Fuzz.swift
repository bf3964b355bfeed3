import FuzzSupport
import OTSensorCore

/// One ISO-on-TCP connection (port 102): every record is a chunk of one direction's
/// reassembled stream, through TPKT framing, COTP (and its segmentation) and the S7 and
/// S7comm-plus decoders, into iso_cotp.log and s7comm.log rows. Flags: bit 0 set, the
/// originator sent the chunk; bit 1 set, bytes were lost in that direction before it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Harness.stream(S7commAnalyzer.self, respPort: 102, FuzzInput(data, size))
    return 0
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

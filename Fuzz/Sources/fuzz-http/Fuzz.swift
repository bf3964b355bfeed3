import FuzzSupport
import OTSensorCore

/// One HTTP connection (port 80): every record is a chunk of one direction's
/// reassembled stream, through request/response parsing, bodies (chunked,
/// length, gzip) and pairing, into http.log rows. Flags: bit 0 set, the
/// originator sent the chunk; bit 1 set, bytes were lost in that direction before it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Harness.stream(HTTPAnalyzer.self, respPort: 80, FuzzInput(data, size))
    return 0
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

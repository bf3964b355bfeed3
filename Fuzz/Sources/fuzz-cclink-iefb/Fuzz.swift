import FuzzSupport
import OTSensorCore

/// Every record is one UDP datagram to or from one of `CCLinkIEFBasicAnalyzer`'s ports (see
/// `Harness.datagrams` for the flags), parsed, aggregated and encoded as rows.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Harness.datagrams(CCLinkIEFBasicAnalyzer.self, FuzzInput(data, size))
    return 0
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

import FuzzSupport
import OTSensorCore

/// Every record is one UDP datagram to or from one of `DNSAnalyzer`'s ports
/// (DNS, NBNS, mDNS, LLMNR; see `Harness.datagrams` for the flags): names
/// with compression pointers, resource records, pairing, into dns.log rows.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Harness.datagrams(DNSAnalyzer.self, FuzzInput(data, size))
    return 0
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

import FuzzSupport
import OTSensorSignatures

/// Suricata rule text, one rule a line, through the rule parser: the header's
/// addresses, ports and variables, every option and keyword's value (content
/// hex, pcre compiled by PCRE2, byte_* arguments). A rule is loaded or refused
/// with a reason, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    let parser = RuleParser()
    var loaded = 0
    for line in text.split(separator: "\n") {
        if (try? parser.parse(String(line))) != nil { loaded &+= 1 }
    }
    blackHole(loaded)
    return 0
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

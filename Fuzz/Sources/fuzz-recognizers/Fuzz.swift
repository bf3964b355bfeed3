import FuzzSupport
import OTSensorCore

/// The service recognisers (TLS, SSH, FTP, SMTP, QUIC, LDAP, SOCKS, Modbus,
/// DNP3, NTP): the input's first record's flags pick one (bits 2…5), then
/// every record is a chunk of one direction's stream or one datagram. Flags:
/// bit 0 set, the originator sent it; bit 1 set, bytes were lost before it.
/// A recogniser is fed until it violates, as the framework feeds it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    var recognizer: (any ServiceRecognizer)?
    var violated = false
    input.forEachRecord { flags, chunk in
        guard !violated else { return }
        if recognizer == nil {
            let all = ServiceRecognizers.all
            recognizer = all[Int(flags >> 2 & 15) % all.count].recognizer.init()
        }
        let isOrig = flags & 1 != 0
        if flags & 2 != 0, case .violated = recognizer!.gap(length: 1, isOrig: isOrig) {
            violated = true
            return
        }
        if case .violated = recognizer!.feed(chunk, isOrig: isOrig) { violated = true }
        blackHole(recognizer!.flipsRoles ? 1 : 0)
    }
    return 0
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

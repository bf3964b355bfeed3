import FuzzSupport
import OTSensorCore

/// p0f's fingerprint database file (p0f.fp), as `--p0f-db` reads it: the input is the
/// file's text. A line p0f would refuse must be an error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: FuzzInput(data, size).bytes, as: UTF8.self)
    if let database = try? P0fDatabase.parse(text, path: "fuzz") {
        blackHole(database.signatureCount + database.labels.count)
    }
    return 0
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

import FuzzSupport
import OTSensorCLI

/// The sensor's TOML configuration file (`otsensor --config`): the input is the file's
/// text. A bad file must be a `ConfigurationError` naming the problem, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: FuzzInput(data, size).bytes, as: UTF8.self)
    if let configuration = try? ConfigurationFile.parse(text, source: "fuzz.toml") {
        blackHole(configuration)
    }
    return 0
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

import Foundation
import FuzzSupport
import OTSensorCore

/// The whole of process-slice: the input is a capture file (pcap or pcapng, read as
/// process-slice reads it), processed by `SliceProcessor` with every analyzer, the p0f
/// database when installed, and one worker thread, into an output directory on tmpfs
/// (/dev/shm when there is one) that is removed after every input. A capture the reader
/// refuses is an error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = scratch + "/input.pcap", output = scratch + "/out"
    guard FileManager.default.createFile(atPath: input, contents: Data(FuzzInput(data, size).bytes)) else {
        fatalError("cannot write \(input)")
    }
    var options = SliceOptions(inputPath: input, outputPath: output, threads: 1, force: true)
    options.p0fDatabasePath = FileManager.default.fileExists(atPath: P0fDatabase.defaultPath)
        ? P0fDatabase.defaultPath : nil
    // Small chunks, so that a capture of a few packets still crosses chunk boundaries.
    options.chunkBytes = 4096
    if let report = try? SliceProcessor(options: options).run() { blackHole(report) }
    try? FileManager.default.removeItem(atPath: scratch)
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    return 0
}

/// This process's scratch directory, made once.
nonisolated(unsafe) let scratch: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = "\(base)/otsensor-fuzz-capture-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: scratch) }
    return path
}()

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

import Foundation
import FuzzSupport
import OTSensorCore

/// The whole of process-slice: the input is a capture file (pcap or pcapng, read as
/// process-slice reads it), processed by `SliceProcessor` with every analyzer, a small p0f
/// database (the slice parses it for every input: Debian's whole file would cost more than
/// the capture) and one worker thread, into an output directory on tmpfs (/dev/shm when
/// there is one) that is removed after every input. A capture the reader refuses is an
/// error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = scratch + "/input.pcap", output = scratch + "/out"
    guard FileManager.default.createFile(atPath: input, contents: Data(FuzzInput(data, size).bytes)) else {
        fatalError("cannot write \(input)")
    }
    var options = SliceOptions(inputPath: input, outputPath: output, threads: 1, force: true)
    options.p0fDatabasePath = p0fDatabase
    // Small chunks, so that a capture of a few packets still crosses chunk boundaries, and
    // few shards: 64 of them (the default) cost more per input than the packets do.
    options.chunkBytes = 4096
    options.chunkPackets = 16
    options.shardCount = 2
    if let report = try? SliceProcessor(options: options).run() { blackHole(report) }
    try? FileManager.default.removeItem(atPath: scratch)
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    return 0
}

/// A few p0f signatures in a file, written once.
nonisolated(unsafe) let p0fDatabase: String = {
    let path = NSTemporaryDirectory() + "/otsensor-fuzz-capture-\(getpid()).fp"
    FileManager.default.createFile(atPath: path, contents: Data("""
        [tcp:request]
        label = s:unix:Linux:3.11 and newer
        sig   = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0
        label = s:win:Windows:7 or 8
        sig   = *:128:0:*:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0
        [tcp:response]
        label = s:unix:Linux:3.x
        sig   = *:64:0:*:mss*10,0:mss,sok,ts:df:0
        """.utf8))
    atexit { try? FileManager.default.removeItem(atPath: p0fDatabase) }
    return path
}()

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

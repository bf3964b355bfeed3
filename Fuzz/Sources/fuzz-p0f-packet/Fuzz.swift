import FuzzSupport
import OTSensorCore

/// p0f's packet side: every record is one Ethernet frame; TCP segments with SYN set go to
/// the p0f analyzer, as the dispatcher routes handshakes, which parses the IP and TCP
/// headers itself, fingerprints them against the database and writes p0f-k.log rows.
/// The database is Debian's /etc/p0f/p0f.fp when installed, else a few signatures here.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let p0f = P0fAnalyzer(environment: Harness.environment(input.format, p0f: database))
    Harness.frames(input) { outcome, packet, bytes in
        guard case .ip = outcome, packet.ipProtocol == 6, packet.tcpFlags.contains(.syn) else { return }
        p0f.ipPacket(packet, bytes: bytes, connection: Harness.connection(of: packet))
    }
    Harness.finish(p0f, format: input.format, ending: nil)
    return 0
}

nonisolated(unsafe) let database: P0fDatabase = {
    if let installed = try? P0fDatabase.load(path: P0fDatabase.defaultPath) { return installed }
    return (try? P0fDatabase.parse("""
        [tcp:request]
        label = s:unix:Linux:3.11 and newer
        sig   = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0
        sig   = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0
        label = s:win:Windows:7 or 8
        sig   = *:128:0:*:8192,0:mss,nop,nop,sok:df,id+:0
        sig   = *:128:0:*:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0
        [tcp:response]
        label = s:unix:Linux:3.x
        sig   = *:64:0:*:mss*10,0:mss:df:0
        sig   = *:64:0:*:mss*10,0:mss,sok,ts:df:0
        label = s:win:Windows:XP
        sig   = *:128:0:*:65535,0:mss:df,id+:0
        """, path: "fuzz")) ?? .empty
}()

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

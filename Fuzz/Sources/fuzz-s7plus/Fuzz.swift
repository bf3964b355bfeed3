import FuzzSupport
import OTSensorCore

/// S7comm-plus PDUs: every record is one PDU (starting with its 0x72 protocol byte), sent
/// whole in a TPKT and a COTP data TPDU on an ISO-on-TCP connection, so that the fuzzer
/// spends its effort on the S7comm-plus decoder and not on framing. Flags: bit 0 set, the
/// originator sent it; bit 1 set, the COTP TPDU is not the last of its TSDU.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let analyzer = S7commAnalyzer(environment: Harness.environment(input.format))
    var connection = Harness.connection(origPort: 49_152, respPort: 102, ipProtocol: 6)
    var framed: [UInt8] = []
    input.forEachRecord { flags, pdu in
        let pdu = pdu.prefix(65_535 - 7)
        let length = pdu.count + 7
        framed.removeAll(keepingCapacity: true)
        framed += [3, 0, UInt8(length >> 8), UInt8(length & 0xFF), 2, 0xF0, flags & 2 != 0 ? 0x00 : 0x80]
        framed += pdu
        framed.withUnsafeBytes { analyzer.streamData($0, isOrig: flags & 1 != 0, connection: &connection) }
    }
    Harness.finish(analyzer, format: input.format, ending: connection)
    return 0
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

import FuzzSupport
import OTSensorCore

/// CC-Link IE frames: every record is the payload of one Ethernet frame of EtherType
/// 0x890F (CC-Link IE Controller/Field and TSN), decoded by the packet decoder and parsed
/// by the CC-Link IE analyzer into cclink-ie.log and cclink-ie-tsn.log rows. Flags' low
/// four bits vary the source MAC address, so that rows aggregate by more than one pair.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let analyzer = CCLinkIEAnalyzer(environment: Harness.environment(input.format))
    let decoder = PacketDecoder()
    var frame: [UInt8] = []
    var time: Int64 = 0
    input.forEachRecord { flags, payload in
        frame.removeAll(keepingCapacity: true)
        frame += [0x01, 0x00, 0x5E, 0x00, 0x00, 0x01, 0x00, 0x0A, 0x0B, 0x0C, 0x0D, flags & 0x0F, 0x89, 0x0F]
        frame += payload
        time += 1_000_000
        frame.withUnsafeBytes { bytes in
            var info = PacketInfo()
            info.timestamp = Timestamp(nanoseconds: time)
            info.wireLength = bytes.count
            guard case .nonIP = decoder.decode(bytes, linkType: LinkType.ethernet.rawValue, into: &info),
                  CCLinkIEAnalyzer.interest.etherTypes.contains(info.etherType) else { return }
            analyzer.linkFrame(info, bytes: bytes)
        }
    }
    Harness.finish(analyzer, format: input.format, ending: nil)
    return 0
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

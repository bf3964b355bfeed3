import FuzzSupport
import OTSensorCore

/// ARP/RARP and IPv6 neighbor discovery: every record is one Ethernet frame; ARP and RARP
/// frames go to the ARP analyzer, ICMPv6 neighbor solicitations and advertisements to the
/// neighbor discovery analyzer, as the dispatcher routes them, into arp.log and ns.log rows.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let environment = Harness.environment(input.format)
    let arp = ARPAnalyzer(environment: environment)
    let neighbors = NeighborDiscoveryAnalyzer(environment: environment)
    Harness.frames(input) { outcome, packet, bytes in
        switch outcome {
        case .nonIP where ARPAnalyzer.interest.etherTypes.contains(packet.etherType):
            arp.linkFrame(packet, bytes: bytes)
        case .ip where packet.ipProtocol == 58
            && NeighborDiscoveryAnalyzer.interest.icmpv6Types.contains(packet.icmpType):
            neighbors.ipPacket(packet, bytes: bytes, connection: Harness.connection(of: packet))
        default:
            break
        }
    }
    Harness.finish(arp, format: input.format, ending: nil)
    Harness.finish(neighbors, format: input.format, ending: nil)
    return 0
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

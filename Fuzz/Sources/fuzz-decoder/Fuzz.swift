import FuzzSupport
import OTSensorCore

/// The packet decoder as the slice uses it: every record is one frame on the link type the
/// first byte picks (its bits 2… index `LinkType.allCases`; bits 0…1 are the format byte's
/// and unused here). Fragments go through one `FragmentReassembler`, a completed datagram is
/// decoded again as raw IP, and tunnels (IP-in-IP, GRE, VXLAN, Geneve, ...) are opened as
/// deep as the slice opens them. Flags: bit 0 set, checksums are verified.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let links = LinkType.allCases
    let link = links[Int((input.bytes.first ?? 0) >> 2) % links.count]
    var reassembler = FragmentReassembler()
    var time: Int64 = 0
    input.forEachRecord { flags, frame in
        let decoder = PacketDecoder(verifyChecksums: flags & 1 != 0)
        time += 1_000_000
        var info = PacketInfo()
        info.timestamp = Timestamp(nanoseconds: time)
        info.wireLength = frame.count
        switch decoder.decode(frame, linkType: link.rawValue, into: &info) {
        case .ip:
            decapsulate(info, frame, decoder)
        case .fragment:
            guard let datagram = reassembler.add(info, bytes: frame) else { return }
            datagram.withUnsafeBytes { bytes in
                var inner = PacketInfo()
                inner.timestamp = info.timestamp
                inner.wireLength = bytes.count
                if case .ip = decoder.decode(bytes, linkType: LinkType.rawIP.rawValue, into: &inner) {
                    decapsulate(inner, bytes, decoder)
                }
            }
        case .nonIP, .skipped:
            break
        }
    }
    blackHole(reassembler.anomalies)
    return 0
}

/// Opens tunnels as `ChunkDecoder.admitDecapsulating` does.
private func decapsulate(_ packet: PacketInfo, _ bytes: UnsafeRawBufferPointer, _ decoder: PacketDecoder) {
    var current = packet
    var depth = 0
    while let tunnel = decoder.decapsulate(current, bytes: bytes) {
        depth += 1
        guard depth <= PacketDecoder.maximumTunnelDepth, case .ip = tunnel.outcome else { return }
        current = tunnel.inner
    }
    blackHole(current.payloadOffset &+ current.capturedPayloadLength)
}

/// libFuzzer's driver on `fuzz`: `scripts/fuzz.sh` passes the flags.
@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}

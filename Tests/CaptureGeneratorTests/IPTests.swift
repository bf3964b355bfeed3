import CaptureGenerator
import XCTest

final class IPTests: XCTestCase {
    private let udp = UDPDatagram(sourcePort: 40_000, destinationPort: 514, payload: Array(repeating: 0x41, count: 2_000))

    func testIPv4HeaderFieldsOptionsAndChecksum() {
        var packet = IPv4Packet(source: clientV4, destination: serverV4, payload: udp, identification: 0xBEEF, ttl: 17)
        packet.tos = 0xB8
        packet.options = [0x94, 0x04, 0x00]  // router alert, one byte short: padded
        packet.dontFragment = true
        let bytes = packet.bytes()
        XCTAssertEqual(bytes[0], 0x46)
        XCTAssertEqual(bytes[1], 0xB8)
        XCTAssertEqual(Int(bytes.be16(2)), 24 + 2_008)
        XCTAssertEqual(bytes.count, 24 + 2_008)
        XCTAssertEqual(bytes.be16(4), 0xBEEF)
        XCTAssertEqual(bytes.be16(6), 0x4000)
        XCTAssertEqual([bytes[8], bytes[9]], [17, 17])
        XCTAssertEqual(Array(bytes[20..<24]), [0x94, 0x04, 0x00, 0x00])
        XCTAssertEqual(bytes.be32(12), clientV4.value)
        XCTAssertTrue(checksumVerifies(Array(bytes[0..<24])))

        packet.checksum = .corrupted
        XCTAssertFalse(checksumVerifies(Array(packet.bytes()[0..<24])))
        packet.totalLengthOverride = 9_999
        XCTAssertEqual(packet.bytes().be16(2), 9_999)
    }

    func testIPv4FragmentsReassembleToTheDatagram() {
        let packet = IPv4Packet(source: clientV4, destination: serverV4, payload: udp, identification: 7)
        let whole = packet.bytes()
        let fragments = packet.fragments(payloadSizes: [800, 800])
        XCTAssertEqual(fragments.map(\.count), [820, 820, 20 + 408])
        XCTAssertEqual(fragments.map { $0.be16(6) }, [0x2000, 0x2000 | 100, 200])
        XCTAssertEqual(fragments.map { $0.be16(4) }, [7, 7, 7])
        XCTAssertEqual(fragments.map { Int($0.be16(2)) }, fragments.map(\.count))
        XCTAssertTrue(fragments.allSatisfy { checksumVerifies(Array($0[0..<20])) })
        XCTAssertEqual(fragments.flatMap { $0[20...] }, Array(whole[20...]))
    }

    func testOverlappingFragmentIsBuiltAsAsked() {
        let packet = IPv4Packet(source: clientV4, destination: serverV4, payload: udp)
        let overlap = packet.fragment(payloadRange: 8..<24, moreFragments: true)
        XCTAssertEqual(overlap.be16(6), 0x2000 | 1)
        XCTAssertEqual(Array(overlap[20...]), Array(packet.bytes()[28..<44]))
    }

    func testIPv6ExtensionHeaderChainAndPadding() {
        var packet = IPv6Packet(source: clientV6, destination: serverV6,
                                payload: TCPSegment(sourcePort: 1, destinationPort: 2, sequenceNumber: 0, flags: .syn),
                                hopLimit: 9, extensionHeaders: [
                                    .hopByHop(options: [0x05, 0x02, 0x00, 0x00]),  // router alert: 2+4 → 8
                                    .routing(type: 0, segmentsLeft: 0, data: [0, 0, 0, 0]),
                                    .destinationOptions(options: [0x1E, 0x07] + Array(repeating: 0, count: 7)),  // 2+9 → 16
                                ])
        packet.trafficClass = 0xAB
        packet.flowLabel = 0xCDEF1
        let bytes = packet.bytes()
        XCTAssertEqual(bytes.be32(0), 0x6ABC_DEF1)
        XCTAssertEqual(Int(bytes.be16(4)), 8 + 8 + 16 + 20)
        XCTAssertEqual([bytes[6], bytes[7]], [0, 9])
        XCTAssertEqual([bytes[40], bytes[41]], [43, 0])
        XCTAssertEqual(Array(bytes[46..<48]), [1, 0], "PadN of 2 fills the hop-by-hop header")
        XCTAssertEqual([bytes[48], bytes[49]], [60, 0])
        XCTAssertEqual([bytes[56], bytes[57]], [6, 1])
        XCTAssertEqual(bytes.count, 40 + 32 + 20)
        let tcp = Array(bytes[72...])
        XCTAssertTrue(checksumVerifies(pseudoHeaderV6(clientV6, serverV6, protocolNumber: 6, length: 20) + tcp))
    }

    func testIPv6FragmentsKeepUnfragmentableHeadersFirst() {
        let packet = IPv6Packet(source: clientV6, destination: serverV6, payload: udp,
                                extensionHeaders: [.hopByHop(options: [])])
        let fragments = packet.fragments(payloadSizes: [1_448], identification: 0xCAFE)
        XCTAssertEqual(fragments.count, 2)
        for (index, fragment) in fragments.enumerated() {
            XCTAssertEqual(fragment[6], 0)
            XCTAssertEqual(fragment[40], 44, "hop-by-hop is followed by the Fragment header")
            XCTAssertEqual(fragment[48], 17)
            XCTAssertEqual(fragment.be32(52), 0xCAFE)
            XCTAssertEqual(fragment.be16(50), index == 0 ? 1 : UInt16(1_448 / 8) << 3)
            XCTAssertEqual(Int(fragment.be16(4)), fragment.count - 40)
        }
        XCTAssertEqual(fragments.flatMap { $0[56...] }, udp.bytes(pseudoHeader: packet.pseudoHeader))
    }

    func testIPInIPUsesProtocol4And41() {
        let inner6 = IPv6Packet(source: clientV6, destination: serverV6, payload: udp)
        let outer4 = IPv4Packet(source: "10.0.0.1", destination: "10.0.0.2", payload: inner6).bytes()
        XCTAssertEqual(outer4[9], 41)
        XCTAssertEqual(Array(outer4[20...]), inner6.bytes())
        let inner4 = IPv4Packet(source: clientV4, destination: serverV4, payload: udp)
        let outer6 = IPv6Packet(source: "2001:db8::1", destination: "2001:db8::2", payload: inner4).bytes()
        XCTAssertEqual(outer6[6], 4)
        XCTAssertEqual(Array(outer6[40...]), inner4.bytes())
    }
}

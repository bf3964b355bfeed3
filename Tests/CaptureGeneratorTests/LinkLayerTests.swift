import CaptureGenerator
import XCTest

final class LinkLayerTests: XCTestCase {
    private let ipv4 = IPv4Packet(source: clientV4, destination: serverV4, payload: UDPDatagram(sourcePort: 1, destinationPort: 2)).bytes()
    private let ipv6 = IPv6Packet(source: clientV6, destination: serverV6, payload: UDPDatagram(sourcePort: 1, destinationPort: 2)).bytes()

    func testEthernetWithQinQTags() {
        let link = EthernetLink(source: "02:00:00:00:00:0a", destination: 0x02_00_00_00_00_14,
                                vlanTags: [VLANTag(id: 200, tpid: 0x88A8), VLANTag(id: 100, priority: 5, dropEligible: true)])
        let frame = link.frame(ipv4)
        XCTAssertEqual(Array(frame[0..<6]), [2, 0, 0, 0, 0, 0x14])
        XCTAssertEqual(Array(frame[6..<12]), [2, 0, 0, 0, 0, 0x0A])
        XCTAssertEqual(frame.be16(12), 0x88A8)
        XCTAssertEqual(frame.be16(14), 200)
        XCTAssertEqual(frame.be16(16), 0x8100)
        XCTAssertEqual(frame.be16(18), 5 << 13 | 0x1000 | 100)
        XCTAssertEqual(frame.be16(20), 0x0800)
        XCTAssertEqual(Array(frame[22...]), ipv4)
        XCTAssertEqual(link.reversed().frame(ipv6).be16(0), 0x0200)
        XCTAssertEqual(link.reversed().frame(ipv6)[5], 0x0A)
        XCTAssertEqual(link.frame(ipv6).be16(20), 0x86DD)
    }

    func testShortFramesArePaddedOnlyWhenAsked() {
        XCTAssertEqual(EthernetLink().frame(ipv4).count, 14 + 28)
        XCTAssertEqual(EthernetLink(padsToMinimum: true).frame(ipv4).count, 60)
    }

    func testMPLSStackMarksOnlyTheBottomLabel() {
        let frame = EthernetLink(shim: .mpls([MPLSLabel(1000, trafficClass: 3, ttl: 9), MPLSLabel(2000)])).frame(ipv4)
        XCTAssertEqual(frame.be16(12), 0x8847)
        XCTAssertEqual(frame.be32(14), 1000 << 12 | 3 << 9 | 9)
        XCTAssertEqual(frame.be32(18), 2000 << 12 | 1 << 8 | 64)
        XCTAssertEqual(Array(frame[22...]), ipv4)
    }

    func testPPPoESessionCarriesPPPProtocolByVersion() {
        let frame = EthernetLink(shim: .pppoe(sessionID: 0x1234)).frame(ipv6)
        XCTAssertEqual(frame.be16(12), 0x8864)
        XCTAssertEqual(Array(frame[14..<16]), [0x11, 0x00])
        XCTAssertEqual(frame.be16(16), 0x1234)
        XCTAssertEqual(Int(frame.be16(18)), ipv6.count + 2)
        XCTAssertEqual(frame.be16(20), 0x0057)
        XCTAssertEqual(EthernetLink(shim: .pppoe(sessionID: 1)).frame(ipv4).be16(20), 0x0021)
    }

    func testLinuxCookedHeaders() {
        let v1 = LinuxCookedLink(packetType: 4, address: 0x02_00_00_00_00_01)
        let sll = v1.frame(ipv4)
        XCTAssertEqual(v1.linkType, 113)
        XCTAssertEqual(sll.count, 16 + ipv4.count)
        XCTAssertEqual([sll.be16(0), sll.be16(2), sll.be16(4), sll.be16(14)], [4, 1, 6, 0x0800])
        XCTAssertEqual(v1.reversed().frame(ipv4).be16(0), 0)

        let v2 = LinuxCooked2Link(interfaceIndex: 7)
        let sll2 = v2.frame(ipv6)
        XCTAssertEqual(v2.linkType, 276)
        XCTAssertEqual(sll2.count, 20 + ipv6.count)
        XCTAssertEqual(sll2.be16(0), 0x86DD)
        XCTAssertEqual(sll2.be32(4), 7)
        XCTAssertEqual(Array(sll2[10..<12]), [4, 6])
    }

    func testNullFamilyFollowsTheChosenHostOrder() {
        XCTAssertEqual(NullLink().frame(ipv4).le32(0), 2)
        XCTAssertEqual(NullLink(ipv6Family: 24, byteOrder: .bigEndian).frame(ipv6).be32(0), 24)
        XCTAssertEqual(NullLink().linkType, 0)
    }

    func testRawIPIsTheBarePacket() {
        XCTAssertEqual(RawIPLink().frame(ipv4), ipv4)
        XCTAssertEqual(RawIPLink(linkType: PcapLinkType.ipv6).linkType, 229)
    }
}

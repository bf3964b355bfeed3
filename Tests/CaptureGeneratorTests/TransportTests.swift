import CaptureGenerator
import XCTest

final class TransportTests: XCTestCase {
    private let pseudo4 = PseudoHeader(source: clientV4.bytes, destination: serverV4.bytes)
    private let pseudo6 = PseudoHeader(source: clientV6.bytes, destination: serverV6.bytes)

    func testTCPHeaderOptionsAndChecksumOverBothPseudoHeaders() {
        var segment = TCPSegment(sourcePort: 49_152, destinationPort: 80, sequenceNumber: 0xFFFF_FFF0,
                                 acknowledgmentNumber: 0x0102_0304, flags: [.syn, .ack, .ece, .cwr], window: 29_200,
                                 options: [.maximumSegmentSize(1460), .noOperation, .windowScale(7), .sackPermitted,
                                           .timestamps(value: 0xAABB_CCDD, echoReply: 0)],
                                 payload: [1, 2, 3])
        segment.urgentPointer = 0x0A0B
        let bytes = segment.bytes(pseudoHeader: pseudo4)
        XCTAssertEqual(bytes.count, 40 + 3)
        XCTAssertEqual([bytes.be16(0), bytes.be16(2)], [49_152, 80])
        XCTAssertEqual([bytes.be32(4), bytes.be32(8)], [0xFFFF_FFF0, 0x0102_0304])
        XCTAssertEqual(bytes[12], 10 << 4)
        XCTAssertEqual(bytes[13], 0x02 | 0x10 | 0x40 | 0x80)
        XCTAssertEqual([bytes.be16(14), bytes.be16(18)], [29_200, 0x0A0B])
        XCTAssertEqual(Array(bytes[20..<40]), [2, 4, 0x05, 0xB4, 1, 3, 3, 7, 4, 2, 8, 10, 0xAA, 0xBB, 0xCC, 0xDD, 0, 0, 0, 0])
        XCTAssertTrue(checksumVerifies(pseudoHeaderV4(clientV4, serverV4, protocolNumber: 6, length: 43) + bytes))

        let overV6 = segment.bytes(pseudoHeader: pseudo6)
        XCTAssertTrue(checksumVerifies(pseudoHeaderV6(clientV6, serverV6, protocolNumber: 6, length: 43) + overV6))
    }

    func testTCPOptionsArePaddedToWholeWords() {
        let segment = TCPSegment(sourcePort: 1, destinationPort: 2, sequenceNumber: 0, flags: .syn,
                                 options: [.windowScale(2), .endOfList, .raw([0xFE])])
        let bytes = segment.bytes(pseudoHeader: pseudo4)
        XCTAssertEqual(bytes[12] >> 4, 7)
        XCTAssertEqual(Array(bytes[20..<28]), [3, 3, 2, 0, 0xFE, 0, 0, 0])
    }

    func testUDPLengthAndChecksumModes() {
        var datagram = UDPDatagram(sourcePort: 53_000, destinationPort: 53, payload: Array("hello".utf8))
        let v4 = datagram.bytes(pseudoHeader: pseudo4)
        XCTAssertEqual(v4.count, 13)
        XCTAssertEqual(v4.be16(4), 13)
        XCTAssertTrue(checksumVerifies(pseudoHeaderV4(clientV4, serverV4, protocolNumber: 17, length: 13) + v4))
        let v6 = datagram.bytes(pseudoHeader: pseudo6)
        XCTAssertTrue(checksumVerifies(pseudoHeaderV6(clientV6, serverV6, protocolNumber: 17, length: 13) + v6))

        datagram.checksum = .zero
        XCTAssertEqual(datagram.bytes(pseudoHeader: pseudo4).be16(6), 0)
        datagram.checksum = .fixed(0xDEAD)
        datagram.lengthOverride = 200
        XCTAssertEqual(datagram.bytes(pseudoHeader: pseudo4).be16(6), 0xDEAD)
        XCTAssertEqual(datagram.bytes(pseudoHeader: pseudo4).be16(4), 200)
    }

    func testICMPv4ChecksumCoversTheMessageOnly() {
        let echo = ICMPv4Message.echoRequest(identifier: 0x1234, sequence: 9, payload: [0xAB, 0xCD, 0xEF])
        let bytes = echo.bytes(pseudoHeader: pseudo4)
        XCTAssertEqual(Array(bytes[0..<2]), [8, 0])
        XCTAssertEqual([bytes.be16(4), bytes.be16(6)], [0x1234, 9])
        XCTAssertTrue(checksumVerifies(bytes))
        XCTAssertEqual(ICMPv4Message.echoReply(identifier: 1, sequence: 1).bytes(pseudoHeader: pseudo4)[0], 0)
    }

    func testICMPv6ChecksumCoversThePseudoHeader() {
        let echo = ICMPv6Message.echoReply(identifier: 7, sequence: 3, payload: [1, 2, 3, 4, 5])
        let bytes = echo.bytes(pseudoHeader: pseudo6)
        XCTAssertEqual(bytes[0], 129)
        XCTAssertTrue(checksumVerifies(pseudoHeaderV6(clientV6, serverV6, protocolNumber: 58, length: bytes.count) + bytes))
        XCTAssertFalse(checksumVerifies(bytes), "without the pseudo-header it must not verify")
    }

    func testTunnelHeaders() {
        let inner = IPv4Packet(source: clientV4, destination: serverV4, payload: UDPDatagram(sourcePort: 1, destinationPort: 2))
        let gre = GREPacket(carrying: inner).bytes(pseudoHeader: pseudo4)
        XCTAssertEqual(Array(gre[0..<4]), [0, 0, 0x08, 0x00])
        XCTAssertEqual(Array(gre[4...]), inner.bytes())
        XCTAssertEqual(GREPacket(bridging: [1, 2]).bytes(pseudoHeader: pseudo4), [0, 0, 0x65, 0x58, 1, 2])

        let vxlan = VXLANHeader(vni: 0x123456).datagram(sourcePort: 5_555, carrying: [9, 9])
        XCTAssertEqual(vxlan.destinationPort, 4789)
        XCTAssertEqual(vxlan.payload, [0x08, 0, 0, 0, 0x12, 0x34, 0x56, 0, 9, 9])

        let geneve = GeneveHeader(vni: 0xABCDEF, options: [1, 2, 3, 4, 5]).datagram(sourcePort: 1, carrying: [7])
        XCTAssertEqual(geneve.destinationPort, 6081)
        XCTAssertEqual(geneve.payload, [2, 0, 0x65, 0x58, 0xAB, 0xCD, 0xEF, 0, 1, 2, 3, 4, 5, 0, 0, 0, 7])
    }
}

import CaptureGenerator
import XCTest

/// The S7 builders lay bytes out as RFC 1006, ISO 8073 and the S7 headers
/// say (offsets counted by hand), and the polling scenario is reproducible.
final class S7BuildersTests: XCTestCase {
    func testTPKTCOTPAndS7HeaderLayout() {
        let job = S7Message(.job, pduReference: 0x0102, parameter: S7Parameter.setupCommunication(pduLength: 960))
        // TPKT 4 + COTP DT 3 + S7 header 10 + parameter 8 = 25.
        XCTAssertEqual(job.tpkt, [0x03, 0x00, 0x00, 0x19, 0x02, 0xF0, 0x80,
                                  0x32, 0x01, 0x00, 0x00, 0x01, 0x02, 0x00, 0x08, 0x00, 0x00,
                                  0xF0, 0x00, 0x00, 0x01, 0x00, 0x01, 0x03, 0xC0])
        let ack = S7Message(.ackData, parameter: [0x04, 0x01], data: [0xFF, 0x04, 0x00, 0x08, 0x2A], errorClass: 0x85, errorCode: 3)
        XCTAssertEqual(ack.bytes, [0x32, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x05, 0x85, 0x03,
                                   0x04, 0x01, 0xFF, 0x04, 0x00, 0x08, 0x2A])
        // CR: LI 17 = type + dst ref 2 + src ref 2 + class 1 + three 4/4/3-byte parameters.
        XCTAssertEqual(COTP.connectRequest(), [0x11, 0xE0, 0x00, 0x00, 0x00, 0x01, 0x00,
                                               0xC1, 0x02, 0x01, 0x00, 0xC2, 0x02, 0x01, 0x02, 0xC0, 0x01, 0x0A])
        XCTAssertEqual(COTP.data([0x32], endOfTSDU: false), [0x02, 0xF0, 0x00, 0x32])
    }

    func testItemAddressAndValues() {
        // DB 1, byte 3 bit 5 → bit address 29 = 0x00001D.
        XCTAssertEqual(S7ItemAddress(transportSize: 1, length: 1, dbNumber: 1, area: 0x84, byte: 3, bit: 5).bytes,
                       [0x12, 0x0A, 0x10, 0x01, 0x00, 0x01, 0x00, 0x01, 0x84, 0x00, 0x00, 0x1D])
        XCTAssertEqual(S7DataItem.real(1.0).bytes, [0xFF, 0x07, 0x00, 0x04, 0x3F, 0x80, 0x00, 0x00])
        XCTAssertEqual(S7DataItem.integer(-2).bytes, [0xFF, 0x05, 0x00, 0x10, 0xFF, 0xFE])
        // An odd-length value is padded before the next item, not after the last.
        let odd = S7DataItem(transportSize: 4, length: 8, value: [0xAA])
        XCTAssertEqual(S7DataItem.dataPart([odd, odd]), [0xFF, 0x04, 0x00, 0x08, 0xAA, 0x00, 0xFF, 0x04, 0x00, 0x08, 0xAA])
        XCTAssertEqual(S7UserData.parameter(mode: 8, group: 4, subfunction: 1, sequence: 2, errorCode: 0x0102),
                       [0x00, 0x01, 0x12, 0x08, 0x12, 0x84, 0x01, 0x02, 0x00, 0x00, 0x01, 0x02])
    }

    func testPollingTrafficIsReproducibleAndStreams() throws {
        let first = S7PollingTraffic.packets(sessions: 5, polls: 4, seed: 9)
        let again = S7PollingTraffic.packets(sessions: 5, polls: 4, seed: 9)
        let other = S7PollingTraffic.packets(sessions: 5, polls: 4, seed: 10)
        XCTAssertEqual(first.map(\.bytes), again.map(\.bytes))
        XCTAssertNotEqual(first.map(\.bytes), other.map(\.bytes))
        XCTAssertTrue(zip(first, first.dropFirst()).allSatisfy { $0.time < $1.time }, "packets are in time order")
        // Per session: 3 handshake + CR, CC, setup pair, ACK (5) + 3 per poll + DR, 2 FIN, ACK (4).
        XCTAssertEqual(first.count, 5 * (3 + 5 + 3 * 4 + 4))
        let path = temporaryPath("polling.pcap", for: self)
        let writer = try PcapWriter(path: path)
        let summary = try S7PollingTraffic(sessions: 5, polls: 4, seed: 9).write(to: writer)
        try writer.close()
        XCTAssertEqual(summary.packets, first.count)
        XCTAssertEqual(summary.packetBytes, first.reduce(0) { $0 + $1.bytes.count })
        XCTAssertEqual(summary.sessions, 5)
    }
}

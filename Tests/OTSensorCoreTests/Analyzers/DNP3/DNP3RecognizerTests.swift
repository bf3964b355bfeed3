@testable import OTSensorCore
import XCTest

/// The DNP3 recognisers check the link-layer header CRC as Zeek's DNP3.cc does.
final class DNP3RecognizerTests: XCTestCase {
    func testHeaderCRCMatchesTsharks() {
        let request = DNP3TraceBytes.tcpRead[0].bytes
        request.withUnsafeBytes { bytes in
            XCTAssertEqual(DNP3FrameCheck.crc(UnsafeRawBufferPointer(rebasing: bytes[0..<8])), 0x0345)
        }
    }

    func testRequestAndResponseConfirm() {
        for payload in DNP3TraceBytes.tcpRead {
            var recognizer = DNP3TCPRecognizer()
            XCTAssertEqual(recognizer.feed(payload.bytes, isOrig: payload.isOrig), .confirmed)
        }
        for payload in DNP3TraceBytes.udpWrite {
            var recognizer = DNP3UDPRecognizer()
            XCTAssertEqual(recognizer.feed(payload.bytes, isOrig: payload.isOrig), .confirmed)
        }
    }

    /// Zeek collects the 11 header bytes across segments, and across
    /// datagrams over UDP.
    func testHeaderSplitAcrossSegmentsOrDatagrams() {
        var tcp = DNP3TCPRecognizer()
        let tcpOutcome = tcp.feed(Array(DNP3TraceBytes.tcpRead.prefix(1)), pieceSize: 2)
        XCTAssertEqual(tcpOutcome.verdict, .confirmed)
        XCTAssertEqual(tcpOutcome.decidedAt, 5)
        var udp = DNP3UDPRecognizer()
        let udpOutcome = udp.feed(Array(DNP3TraceBytes.udpWrite.prefix(1)), pieceSize: 4)
        XCTAssertEqual(udpOutcome.verdict, .confirmed)
        XCTAssertEqual(udpOutcome.decidedAt, 2)
    }

    func testBrokenChecksumViolates() {
        var request = DNP3TraceBytes.tcpRead[0].bytes
        request[5] ^= 0x01
        var recognizer = DNP3TCPRecognizer()
        XCTAssertEqual(recognizer.feed(request, isOrig: true), .violated(reason: "dnp3.broken_checksum"))
    }

    /// Without the start bytes Zeek stops parsing the direction, silently.
    func testMissingStartBytesStopsWithoutAVerdict() {
        var recognizer = DNP3TCPRecognizer()
        XCTAssertEqual(recognizer.feed(Array("GET / HTTP/1.1\r\n".utf8), isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed(DNP3TraceBytes.tcpRead[0].bytes, isOrig: true), .undecided)
        XCTAssertEqual(recognizer.feed(DNP3TraceBytes.tcpRead[1].bytes, isOrig: false), .confirmed)
    }

    /// Zeek checks every frame's header: a later broken CRC is a violation,
    /// which removes the confirmed service.
    func testEveryFrameHeaderIsChecked() {
        let response = DNP3TraceBytes.tcpRead[1].bytes
        XCTAssertEqual(DNP3FrameCheck.frameLength(Int(response[2])), response.count)
        var corrupted = response
        corrupted[4] ^= 0x01
        var recognizer = DNP3TCPRecognizer()
        XCTAssertEqual(recognizer.feed(response + response, isOrig: false), .confirmed)
        XCTAssertEqual(recognizer.feed(Array(corrupted.prefix(6)), isOrig: false), .confirmed)
        XCTAssertEqual(recognizer.feed(Array(corrupted.dropFirst(6)), isOrig: false),
                       .violated(reason: "dnp3.broken_checksum"))
    }
}

import XCTest
@testable import OTSensorCore

/// Zeek finds Teredo and AYIYA off their ports by the payload alone
/// (Teredo.cc and AYIYA.cc `DetectProtocol`); each case below is worked from
/// those functions.
final class TunnelDetectionTests: XCTestCase {
    /// A bare IPv6 header (no next header, payload length 0) from `source` to `destination`.
    private func ipv6Header(source: [UInt8], destination: [UInt8], payloadLength: UInt16 = 0) -> [UInt8] {
        [0x60, 0, 0, 0, UInt8(payloadLength >> 8), UInt8(payloadLength & 0xFF), 59, 21] + source + destination
    }

    private let teredoAddress: [UInt8] = [0x20, 0x01, 0x00, 0x00, 0x41, 0x37, 0x9E, 0x50,
                                          0x80, 0x00, 0xF1, 0x2A, 0xB9, 0xC8, 0x28, 0x15]
    private let linkLocal: [UInt8] = [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0x80, 0, 0xF2, 0x27, 0xBE, 0xC8, 0x61, 0xAF]
    private let origin: [UInt8] = [0x00, 0x00, 0xF2, 0x27, 0xBE, 0xC8, 0x61, 0xAF]

    private func detects(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { TunnelDetection.looksLikeTeredo($0) }
    }

    func testABubbleWithATeredoSourceOrDestinationIsTeredo() {
        XCTAssertTrue(detects(ipv6Header(source: teredoAddress, destination: linkLocal)))
        XCTAssertTrue(detects(ipv6Header(source: linkLocal, destination: teredoAddress)))
    }

    func testIPv6WithATeredoAddressIsTeredoWhateverFollowsTheHeader() {
        // The pattern covers the first 40 bytes; Zeek's Match accepts there.
        let payload: [UInt8] = [0x80, 0x00, 0x12, 0x34, 0, 1, 0, 1]
        XCTAssertTrue(detects(ipv6Header(source: teredoAddress, destination: linkLocal, payloadLength: 8) + payload))
        XCTAssertTrue(detects(ipv6Header(source: linkLocal, destination: teredoAddress, payloadLength: 8) + payload))
        // Neither address in 2001:0000::/32.
        XCTAssertFalse(detects(ipv6Header(source: linkLocal, destination: linkLocal)))
        // The pattern's `.` does not take a line feed (0x0A) anywhere else in the header.
        var withLineFeed = ipv6Header(source: teredoAddress, destination: linkLocal)
        withLineFeed[30] = 0x0A
        XCTAssertFalse(detects(withLineFeed))
    }

    func testAnOriginIndicationBeforeIPv6IsTeredo() {
        let packet = ipv6Header(source: linkLocal, destination: linkLocal, payloadLength: 8) + Array(repeating: 0, count: 8)
        XCTAssertTrue(detects(origin + packet))
        // After an authentication header: tag 1, client id 2 and authentication 3 bytes, nonce 8, confirmation 1.
        let authentication: [UInt8] = [0x00, 0x01, 2, 3] + [0xAA, 0xBB] + [1, 2, 3] + Array(repeating: 7, count: 9)
        XCTAssertTrue(detects(authentication + origin + packet))
        // An authentication header not followed by an origin indication is not enough.
        XCTAssertFalse(detects(authentication + packet))
    }

    func testIPv6WithoutATeredoAddressOrOriginIndicationIsNotTeredo() {
        // Its second byte is 0, so it is read as an origin indication: what follows is no IPv6.
        let packet = ipv6Header(source: linkLocal, destination: linkLocal, payloadLength: 8) + Array(repeating: 0, count: 8)
        XCTAssertFalse(detects(packet))
        XCTAssertFalse(detects(Array(ipv6Header(source: teredoAddress, destination: linkLocal).prefix(39))))
    }

    func testAYIYAIsKnownByItsSecondAndThirdBytes() {
        func detects(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { TunnelDetection.looksLikeAYIYA($0) } }
        XCTAssertTrue(detects([0x41, 0x52, 0x11, 0x29]))
        XCTAssertFalse(detects([0x41, 0x52, 0x12, 0x29]))
        XCTAssertFalse(detects([0x41, 0x52]))
    }
}

import CaptureGenerator
@testable import OTSensorCore
import XCTest

/// A signature seen before is not matched or rendered again; anything the
/// matcher or `raw_sig` reads makes it a different signature; the cache stays
/// bounded.
final class P0fFingerprintCacheTests: XCTestCase {
    private func parsed(_ segment: TCPSegment, ttl: UInt8 = 64) throws -> P0fPacket {
        let bytes = P0fLogTests.frame(segment, from: "10.0.0.1", to: "10.0.0.2", ttl: ttl)
        return try bytes.withUnsafeBytes { try P0fPacket.parse($0, offset: 14).get() }
    }

    func testSameSignatureIsWorkedOutOnceAndOthersAgain() throws {
        var cache = P0fFingerprintCache()
        var made = 0
        func fingerprint(_ packet: P0fPacket) -> P0fFingerprintCache.Fingerprint {
            cache.fingerprint(packet, multiple: P0fWindowMultiple(packet, synMSS: 0)) {
                made += 1
                return .init(label: made, rawSignature: "sig \(made)")
            }
        }
        let first = fingerprint(try parsed(P0fLogTests.linuxSYN(port: 40_000, seq: 1)))
        // Another port and sequence number: the same signature.
        let again = fingerprint(try parsed(P0fLogTests.linuxSYN(port: 40_001, seq: 99)))
        XCTAssertEqual(made, 1)
        XCTAssertEqual(again.rawSignature, first.rawSignature)
        XCTAssertEqual(again.label, first.label)
        _ = fingerprint(try parsed(P0fLogTests.linuxSYN(), ttl: 128))
        _ = fingerprint(try parsed(P0fLogTests.linuxSYNACK()))
        XCTAssertEqual(made, 3, "a TTL or a SYN+ACK is another signature")
    }

    func testTheCacheStaysBounded() throws {
        var cache = P0fFingerprintCache()
        var made = 0
        for window in 0..<UInt16(P0fFingerprintCache.capacity + 10) {
            var segment = P0fLogTests.linuxSYN()
            segment.window = window
            let packet = try parsed(segment)
            _ = cache.fingerprint(packet, multiple: nil) {
                made += 1
                return .init(label: nil, rawSignature: "")
            }
        }
        XCTAssertEqual(made, P0fFingerprintCache.capacity + 10)
        XCTAssertLessThanOrEqual(cache.count, P0fFingerprintCache.capacity)
    }
}

import CaptureGenerator
import XCTest

final class ChecksumTests: XCTestCase {
    /// The worked IPv4 header example (checksum 0xB861) used in most textbooks.
    func testKnownIPv4HeaderChecksum() {
        let header: [UInt8] = [0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
                               0xC0, 0xA8, 0x00, 0x01, 0xC0, 0xA8, 0x00, 0xC7]
        XCTAssertEqual(InternetChecksum.compute(header), 0xB861)
    }

    func testMatchesNaiveSumForEveryLengthAndSplit() {
        var random = SplitMix64(seed: 42)
        for length in 0..<200 {
            let data = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            XCTAssertEqual(InternetChecksum.compute(data), ~naiveOnesComplementSum(data), "length \(length)")
            let split = length / 2 & ~1
            XCTAssertEqual(InternetChecksum.compute(Array(data[..<split]), Array(data[split...])),
                           InternetChecksum.compute(data), "split \(split) of \(length)")
        }
    }

    func testCorruptedIsNeverEquivalentToCorrect() {
        for sequence: UInt32 in 0..<300 {
            let segment = TCPSegment(sourcePort: 1, destinationPort: 2, sequenceNumber: sequence << 8, flags: .ack)
            var bad = segment
            bad.checksum = .corrupted
            let pseudo = PseudoHeader(source: clientV4.bytes, destination: serverV4.bytes)
            let good = segment.bytes(pseudoHeader: pseudo), broken = bad.bytes(pseudoHeader: pseudo)
            let header = pseudoHeaderV4(clientV4, serverV4, protocolNumber: 6, length: good.count)
            XCTAssertTrue(checksumVerifies(header + good))
            XCTAssertFalse(checksumVerifies(header + broken))
        }
    }
}

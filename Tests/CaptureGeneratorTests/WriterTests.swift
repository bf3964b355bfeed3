import CaptureGenerator
import Foundation
import XCTest

final class WriterTests: XCTestCase {
    private let time = CaptureTime(seconds: 1_700_000_000, nanoseconds: 123_456_789)

    func testPcapMicrosecondFileAndRecord() throws {
        let output = OutputBuffer()
        let writer = try PcapWriter(output: output, linkType: PcapLinkType.linuxSLL, snaplen: 65_535)
        try writer.write(Packet(time: time, bytes: [1, 2, 3]))
        let bytes = output.bytes
        XCTAssertEqual(bytes.count, 24 + 16 + 3)
        XCTAssertEqual(bytes.le32(0), 0xA1B2_C3D4)
        XCTAssertEqual([bytes.le16(4), bytes.le16(6)], [2, 4])
        XCTAssertEqual([bytes.le32(8), bytes.le32(12), bytes.le32(16), bytes.le32(20)], [0, 0, 65_535, 113])
        XCTAssertEqual([bytes.le32(24), bytes.le32(28), bytes.le32(32), bytes.le32(36)], [1_700_000_000, 123_456, 3, 3])
        XCTAssertEqual(Array(bytes[40...]), [1, 2, 3])
        XCTAssertEqual(writer.bytesWritten, bytes.count)
    }

    func testPcapNanosecondBigEndianAndSnaplenTruncation() throws {
        let output = OutputBuffer()
        let writer = try PcapWriter(output: output, snaplen: 4, precision: .nanoseconds, byteOrder: .bigEndian)
        try writer.write(Packet(time: time, bytes: [1, 2, 3, 4, 5, 6]))
        try writer.write(Packet(time: time, bytes: [9], originalLength: 1_514))
        let bytes = output.bytes
        XCTAssertEqual(Array(bytes[0..<4]), [0xA1, 0xB2, 0x3C, 0x4D])
        XCTAssertEqual([bytes.be32(28), bytes.be32(32), bytes.be32(36)], [123_456_789, 4, 6])
        XCTAssertEqual(Array(bytes[40..<44]), [1, 2, 3, 4])
        XCTAssertEqual([bytes.be32(52), bytes.be32(56)], [1, 1_514])
        XCTAssertEqual(bytes.count, 24 + 16 + 4 + 16 + 1)
    }

    func testBrokenFileHelpersWriteExactlyTheFieldsGiven() {
        let header = PcapWriter.fileHeader(magic: 0xDEAD_BEEF, versionMajor: 3, snaplen: 100, linkType: 9_999)
        XCTAssertEqual(header.count, 24)
        XCTAssertEqual([header.le32(0), UInt32(header.le16(4)), header.le32(16), header.le32(20)], [0xDEAD_BEEF, 3, 100, 9_999])
        let record = PcapWriter.recordHeader(seconds: 1, fraction: 2, capturedLength: 5_000, originalLength: 60)
        XCTAssertEqual([record.le32(0), record.le32(4), record.le32(8), record.le32(12)], [1, 2, 5_000, 60])
    }

    func testPcapngBlocksHaveMatchingPaddedLengths() throws {
        let output = OutputBuffer()
        let writer = try PcapngWriter(output: output, interfaces: [
            PcapngInterface(linkType: PcapLinkType.ethernet),
            PcapngInterface(linkType: PcapLinkType.raw, nanosecondResolution: true, name: "tun0"),
        ])
        try writer.write(Packet(time: time, bytes: [1, 2, 3, 4, 5], interfaceID: 1))
        try writer.write(Packet(time: time, bytes: Array(repeating: 7, count: 8), originalLength: 100, interfaceID: 0))
        let bytes = output.bytes

        var blocks: [(type: UInt32, body: [UInt8])] = []
        var offset = 0
        while offset < bytes.count {
            let length = Int(bytes.le32(offset + 4))
            XCTAssertEqual(length % 4, 0)
            XCTAssertEqual(bytes.le32(offset + length - 4), UInt32(length), "trailing length repeats the leading one")
            blocks.append((bytes.le32(offset), Array(bytes[(offset + 8)..<(offset + length - 4)])))
            offset += length
        }
        XCTAssertEqual(offset, bytes.count)
        XCTAssertEqual(blocks.map(\.type), [0x0A0D_0D0A, 1, 1, 6, 6])
        XCTAssertEqual(blocks[0].body.le32(0), 0x1A2B_3C4D)
        XCTAssertEqual(blocks[1].body.count, 8, "no options on the first interface")
        let options = Array(blocks[2].body[8...])
        XCTAssertEqual(options, [2, 0, 4, 0] + Array("tun0".utf8) + [9, 0, 1, 0, 9, 0, 0, 0] + [0, 0, 0, 0])

        let nanoPacket = blocks[3].body
        XCTAssertEqual(nanoPacket.le32(0), 1)
        let units = UInt64(nanoPacket.le32(4)) << 32 | UInt64(nanoPacket.le32(8))
        XCTAssertEqual(units, 1_700_000_000_123_456_789)
        XCTAssertEqual([nanoPacket.le32(12), nanoPacket.le32(16)], [5, 5])
        XCTAssertEqual(Array(nanoPacket[20...]), [1, 2, 3, 4, 5, 0, 0, 0])

        let microPacket = blocks[4].body
        XCTAssertEqual(UInt64(microPacket.le32(4)) << 32 | UInt64(microPacket.le32(8)), 1_700_000_000_123_456)
        XCTAssertEqual([microPacket.le32(12), microPacket.le32(16)], [8, 100])
    }

    func testFileOutputFlushesInChunksToTheSameBytes() throws {
        let packets = (0..<50).map { Packet(time: time.advanced(byMicroseconds: Int64($0)), bytes: Array(repeating: UInt8($0), count: $0 * 7)) }
        let path = temporaryPath("chunks.pcap", for: self)
        let writer = try PcapWriter(output: OutputBuffer(path: path, flushThreshold: 100))
        for packet in packets { try writer.write(packet) }
        try writer.close()
        let onDisk = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(onDisk, try Capture(packets).fileBytes())
    }

    func testCaptureTimeNormalisesNegativeAndOverflowingNanoseconds() {
        XCTAssertEqual(CaptureTime(seconds: 10, nanoseconds: -1), CaptureTime(seconds: 9, nanoseconds: 999_999_999))
        XCTAssertEqual(CaptureTime(seconds: 10, nanoseconds: 2_500_000_000), CaptureTime(seconds: 12, nanoseconds: 500_000_000))
        XCTAssertEqual(CaptureTime(seconds: 1, microseconds: 5).nanoseconds, 5_000)
    }
}

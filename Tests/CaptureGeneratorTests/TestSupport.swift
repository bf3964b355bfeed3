import CaptureGenerator
import Foundation
import XCTest

/// Independent helpers: tests decode bytes by hand, never with the module's own code.
extension Array where Element == UInt8 {
    func be16(_ offset: Int) -> UInt16 { UInt16(self[offset]) << 8 | UInt16(self[offset + 1]) }
    func be32(_ offset: Int) -> UInt32 { UInt32(be16(offset)) << 16 | UInt32(be16(offset + 2)) }
    func le16(_ offset: Int) -> UInt16 { UInt16(self[offset + 1]) << 8 | UInt16(self[offset]) }
    func le32(_ offset: Int) -> UInt32 { UInt32(le16(offset + 2)) << 16 | UInt32(le16(offset)) }
}

/// The textbook RFC 1071 sum, byte pair by byte pair: an oracle for the fast one.
func naiveOnesComplementSum(_ bytes: [UInt8]) -> UInt16 {
    var sum: UInt32 = 0
    var i = 0
    while i < bytes.count {
        sum += UInt32(bytes[i]) << 8 | (i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0)
        sum = (sum & 0xFFFF) + (sum >> 16)
        i += 2
    }
    return UInt16(sum)
}

/// True when the data, checksum field included, sums to all ones.
func checksumVerifies(_ bytes: [UInt8]) -> Bool {
    naiveOnesComplementSum(bytes) == 0xFFFF
}

func pseudoHeaderV4(_ src: IPv4Address, _ dst: IPv4Address, protocolNumber: UInt8, length: Int) -> [UInt8] {
    src.bytes + dst.bytes + [0, protocolNumber, UInt8(length >> 8), UInt8(length & 0xFF)]
}

func pseudoHeaderV6(_ src: IPv6Address, _ dst: IPv6Address, protocolNumber: UInt8, length: Int) -> [UInt8] {
    src.bytes + dst.bytes + [0, 0, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0, 0, protocolNumber]
}

/// A path in a scratch directory of its own, removed when `test` ends.
func temporaryPath(_ name: String, for test: XCTestCase) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("capture-gen-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir.appendingPathComponent(name).path
}

let clientV4: IPv4Address = "192.168.1.10"
let serverV4: IPv4Address = "192.168.1.20"
let clientV6: IPv6Address = "fd00::10"
let serverV6: IPv6Address = "fd00::20"

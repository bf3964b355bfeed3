import Foundation
import OTSensorCore
import XCTest

final class SliceArchiverTests: XCTestCase {
    func testArchiveHoldsEveryFileOfTheDirectoryByBareNameAndNothingElse() throws {
        let folder = try SpoolFixture.makeDirectory("archiver", for: self)
        let logs = folder.appendingPathComponent("20261123T104100Z-s1")
        try FileManager.default.createDirectory(at: logs.appendingPathComponent("nested"), withIntermediateDirectories: true)
        try Data("conn\n".utf8).write(to: logs.appendingPathComponent("conn.log"))
        try Data("{\"a\":1}\n".utf8).write(to: logs.appendingPathComponent("manifest.json"))
        try Data().write(to: logs.appendingPathComponent("arp.log"))
        let archive = folder.appendingPathComponent("20261123T104100Z-s1.tar.zst")

        try SliceArchiver(level: 3).archive(directory: logs, to: archive)

        XCTAssertEqual(SpoolFixture.names(in: folder), ["20261123T104100Z-s1", "20261123T104100Z-s1.tar.zst"], "no temporary file left")
        let out = folder.appendingPathComponent("unpacked")
        try ToolRun.unpack(archive, into: out)
        XCTAssertEqual(SpoolFixture.names(in: out), ["arp.log", "conn.log", "manifest.json"])
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("manifest.json")), Data("{\"a\":1}\n".utf8))
    }
}

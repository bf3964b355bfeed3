import Foundation
@testable import OTSensorCore
import XCTest

/// How reprocess divides an archive: slice names, streams, time order, shards.
final class ReprocessPlanTests: XCTestCase {
    func testShardsCoverEveryStreamOnceInContiguousRanges() {
        for slices in [0, 1, 2, 5, 12, 525_600] {
            for count in [1, 2, 3, 8, 64] {
                let ranges = (1...count).map { ShardSelection(index: $0, count: count)!.range(of: slices) }
                XCTAssertEqual(ranges.first?.lowerBound, 0)
                XCTAssertEqual(ranges.last?.upperBound, slices)
                for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
                XCTAssertLessThanOrEqual(ranges.map(\.count).max()! - ranges.map(\.count).min()!, 1, "\(slices)/\(count)")
            }
        }
        XCTAssertEqual(ShardSelection(index: 2, count: 3)!.range(of: 12), 4..<8)
        XCTAssertEqual(ShardSelection("3/8"), ShardSelection(index: 3, count: 8))
        for bad in ["0/3", "4/3", "3", "1/0", "-1/2", "a/b", "1/2/3"] { XCTAssertNil(ShardSelection(bad), bad) }
    }

    func testSliceNamesAndTheirOutputDirectories() {
        XCTAssertTrue(ArchivedSlice.isSliceName("20261123T104100Z-a.pcap"))
        XCTAssertTrue(ArchivedSlice.isSliceName("x.PCAPNG"))
        XCTAssertTrue(ArchivedSlice.isSliceName("x.cap.zst"))
        for name in ["x.pcap.sha256", "x.capture.json", "x.pcap.part", ".pcap", "x.zst", "pcap"] {
            XCTAssertFalse(ArchivedSlice.isSliceName(name), name)
        }
        func output(_ relative: String) -> String {
            ArchivedSlice(relativePath: relative, path: "/a/\(relative)", size: 0).outputRelativePath
        }
        XCTAssertEqual(output("plant/20261123T104100Z-a.pcap.zst"), "plant/20261123T104100Z-a")
        XCTAssertEqual(output("x.v2.pcapng"), "x.v2")
    }

    func testStreamsAreOrderedByFirstPacketAndASliceWithoutOneKeepsItsPlaceByName() {
        func slice(_ name: String, _ seconds: Int64?) -> ArchivedSlice {
            ArchivedSlice(relativePath: name, path: name, size: 1,
                          firstPacket: seconds.map { Timestamp(seconds: $0, nanoseconds: 0) })
        }
        let stream = CaptureStream(key: "", slices: [
            slice("d", 300), slice("a", 200), slice("c", nil), slice("b", 100), slice("e", 300), slice("0", nil),
        ])
        // By name: 0 (no time: first), a 200, b 100, c (after b), d 300, e 300.
        XCTAssertEqual(stream.slices.map(\.relativePath), ["0", "b", "c", "a", "d", "e"])
    }

    func testAnArchiveIsGroupedIntoStreamsByDirectoryOrByDepth() throws {
        let root = try SpoolFixture.makeDirectory("archive", for: self)
        for path in ["p/2026/01/a.pcap", "p/2026/02/b.pcap", "p/2026/02/b.pcap.zst", "q/c.pcapng", "q/.hidden.pcap",
                     ".state/x.pcap", "q/notes.txt"] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("no capture".utf8).write(to: url)
        }
        let byDirectory = try ArchiveScanner(root: root.path).scan()
        XCTAssertEqual(byDirectory.map(\.key), ["p/2026/01", "p/2026/02", "q"])
        XCTAssertEqual(byDirectory[1].slices.map(\.relativePath), ["p/2026/02/b.pcap", "p/2026/02/b.pcap.zst"])
        XCTAssertNil(byDirectory[1].slices[0].refusal)
        XCTAssertTrue(byDirectory[1].slices[1].refusal?.contains("already p/2026/02/b.pcap's") == true)
        XCTAssertNil(byDirectory[0].slices[0].firstPacket, "not a capture: no packet time")
        let byDepth = try ArchiveScanner(root: root.path, streamDepth: 1).scan()
        XCTAssertEqual(byDepth.map(\.key), ["p", "q"])
        XCTAssertEqual(byDepth[0].slices.count, 3)
        XCTAssertEqual(try ArchiveScanner(root: root.path, streamDepth: 0).scan().map(\.key), [""])
        XCTAssertThrowsError(try ArchiveScanner(root: root.appendingPathComponent("none").path).scan())
    }

    func testStateDirectoriesNameEachStreamApart() {
        XCTAssertEqual(StreamPlace.encoded("plant-a/captures"), "plant-a%2Fcaptures")
        XCTAssertEqual(StreamPlace.encoded(""), "")
        XCTAssertEqual(StreamPlace.encoded("a%2Fb"), "a%252Fb", "a name that looks encoded stays apart")
        let place = StreamPlace(destination: "/d", stream: "p/q", shard: ShardSelection(index: 2, count: 3)!, settings: "")
        XCTAssertEqual(place.directory, "/d/.state/stream-p%2Fq/shard-2-of-3")
        XCTAssertEqual(StreamPlace(destination: "/d", stream: "", shard: .all, settings: "").directory, "/d/.state/stream-/all")
    }
}

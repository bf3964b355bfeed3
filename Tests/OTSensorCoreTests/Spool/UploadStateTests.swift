import Foundation
import OTSensorCore
import XCTest

final class UploadStateTests: XCTestCase {
    func testBackoffRetriesAtOnceThenDoublesUpToHalfAnHour() {
        XCTAssertEqual((1...8).map { UploadState.backoff(afterFailures: $0) }, [0, 60, 120, 240, 480, 960, 1800, 1800])
    }

    func testStateSurvivesASaveAndADeliveryClearsTheBackoff() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var state = UploadState()
        state.recordFailure("refused", at: now)
        state.recordFailure("refused", at: now)
        try state.save(to: layout.stateFile)
        let loaded = UploadState.load(from: layout.stateFile)
        XCTAssertEqual(loaded, state)
        XCTAssertFalse(loaded.isDue(at: now.addingTimeInterval(59)))
        XCTAssertTrue(loaded.isDue(at: now.addingTimeInterval(60)))
        state.recordDelivery(of: "a.tar.zst", at: now)
        XCTAssertEqual(state.consecutiveFailures, 0)
        XCTAssertTrue(state.isDue(at: now))
    }

    func testSliceIDsAreUTCStartAndSanitizedLabel() {
        let start = Date(timeIntervalSince1970: 1_795_430_460)  // 2026-11-23 10:41:00 UTC
        XCTAssertEqual(SliceID(start: start, label: "plant a/1").description, "20261123T104100Z-plant_a_1")
        XCTAssertEqual(SliceID(start: start, label: "").description, "20261123T104100Z")
    }
}

import Foundation
import OTSensorCore
import XCTest

final class RotationScheduleTests: XCTestCase {
    func testSlotsAlignToTheWallClock() {
        let minute = RotationSchedule(seconds: 60)
        let t = Date(timeIntervalSince1970: 1_795_430_460 + 37.25)  // 10:41:37.25 UTC
        XCTAssertEqual(minute.slotStart(containing: t), Date(timeIntervalSince1970: 1_795_430_460))
        XCTAssertEqual(minute.slotEnd(containing: t), Date(timeIntervalSince1970: 1_795_430_520))
        XCTAssertEqual(minute.slotStart(containing: Date(timeIntervalSince1970: 1_795_430_460)), Date(timeIntervalSince1970: 1_795_430_460))
        XCTAssertEqual(RotationSchedule(seconds: 2).slotStart(containing: Date(timeIntervalSince1970: 101.9)), Date(timeIntervalSince1970: 100))
    }
}

import Foundation
import OTSensorCore
import XCTest

final class SpoolLockTests: XCTestCase {
    func testASecondHolderIsRefusedUntilTheFirstLetsGo() throws {
        let layout = try SpoolFixture.makeSpool(for: self)
        var first = try SpoolLock.acquire(layout.lockFile)
        XCTAssertNotNil(first)
        XCTAssertNil(try SpoolLock.acquire(layout.lockFile), "flock is per open file: a second open in this process conflicts too")
        XCTAssertNotNil(try SpoolLock.acquire(layout.sendLockFile), "send has its own lock")
        first = nil
        XCTAssertNotNil(try SpoolLock.acquire(layout.lockFile))
    }
}

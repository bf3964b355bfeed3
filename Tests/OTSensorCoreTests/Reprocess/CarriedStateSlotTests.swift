import Foundation
@testable import OTSensorCore
import XCTest

/// A reprocessing job killed between a slice's publishing and its state going
/// into force finds the slice done and must continue from the state that
/// slice staged; any other staged leftover goes before the next slice, which
/// would otherwise report it in its manifest (and differ from a clean run).
final class CarriedStateSlotTests: XCTestCase {
    private var root = ""
    private var slot: CarriedStateSlot { CarriedStateSlot(directory: root + "/state", before: root + "/before") }

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "slot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/state", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Writes a state file saved after `input`, then moves it to `name` in the state directory.
    private func state(after input: String, named name: String) throws {
        try CarriedStateFile(configuration: "test", lastPacket: Timestamp(nanoseconds: 1), savedAfterInput: input,
                             records: []).write(directory: root + "/state")
        if name != CarriedStateFile.name {
            try FileManager.default.moveItem(atPath: root + "/state/" + CarriedStateFile.name,
                                             toPath: root + "/state/" + name)
        }
    }

    private func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root + "/state").sorted()
    }

    func testTheStateAKilledSliceStagedIsTakenWhenItFollowsThePublishedSlice() throws {
        try state(after: "slice-1", named: CarriedStateFile.name + ".tmp-424242")
        try state(after: "slice-0", named: CarriedStateFile.name)
        XCTAssertTrue(try slot.recover(after: "slice-1"))
        XCTAssertEqual(try entries(), [CarriedStateFile.name])
        XCTAssertEqual(CarriedStateFile.savedAfterInput(in: root + "/state"), "slice-1")
    }

    func testAStagedStateOfAnotherSliceIsNotTakenAndGoesBeforeTheNextSlice() throws {
        try state(after: "slice-7", named: CarriedStateFile.name + ".tmp-424242")
        try state(after: "slice-0", named: CarriedStateFile.name)
        XCTAssertTrue(try slot.recover(after: "slice-0"))
        XCTAssertFalse(try slot.recover(after: "slice-1"))
        try slot.keepBefore()
        XCTAssertEqual(try entries(), [CarriedStateFile.name])
        XCTAssertEqual(CarriedStateFile.savedAfterInput(in: root + "/state"), "slice-0")
    }
}

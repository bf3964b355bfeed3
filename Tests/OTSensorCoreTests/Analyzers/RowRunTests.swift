@testable import OTSensorCore
import XCTest

/// A run that owns its rows' stores lets the stores of rows it hands out go
/// with them, once the rows it keeps are no more than those.
final class RowRunTests: XCTestCase {
    private func run(_ rows: [(time: Int64, text: String)]) -> RowRun {
        var bytes: [UInt8] = [], ends: [Int] = []
        for row in rows {
            bytes += Array(row.text.utf8)
            ends.append(bytes.count)
        }
        let store = RowStore()
        bytes.withUnsafeBytes { store.append(rows: $0, ends: ends) }
        return RowRun(times: rows.map(\.time), rows: store.rows, stores: [store])
    }

    private func texts(_ run: RowRun) -> [String] { run.rows.map { String(decoding: $0, as: UTF8.self) } }

    func testFewRowsLeftBehindMoveToAStoreOfTheirOwn() {
        var waiting = run([(1, "a"), (2, "b"), (3, "c")])
        let original = ObjectIdentifier(waiting.stores[0])
        let taken = waiting.removeRows(before: 3)
        XCTAssertEqual(texts(taken), ["a", "b"])
        XCTAssertEqual(taken.stores.map(ObjectIdentifier.init), [original])
        XCTAssertEqual(texts(waiting), ["c"])
        XCTAssertEqual(waiting.times, [3])
        XCTAssertEqual(waiting.stores.count, 1)
        XCTAssertNotEqual(waiting.stores.map(ObjectIdentifier.init), [original], "the kept row still holds the old store")
    }

    func testManyRowsLeftBehindKeepTheStoreInsteadOfBeingCopied() {
        var waiting = run([(1, "a"), (5, "b"), (6, "c")])
        let original = ObjectIdentifier(waiting.stores[0])
        let taken = waiting.removeRows(before: 2)
        XCTAssertEqual(texts(taken), ["a"])
        XCTAssertEqual(texts(waiting), ["b", "c"])
        XCTAssertEqual(waiting.stores.map(ObjectIdentifier.init), [original])
    }

    func testARunEmptiedHoldsNoStore() {
        var waiting = run([(1, "a")])
        _ = waiting.removeRows(before: 9)
        XCTAssertTrue(waiting.isEmpty)
        XCTAssertTrue(waiting.stores.isEmpty)
    }

    func testMergingKeepsTheStoresOfBothRuns() {
        var first = run([(1, "a"), (4, "d")])
        let second = run([(2, "b")])
        first.merge(later: second)
        XCTAssertEqual(texts(first), ["a", "b", "d"])
        XCTAssertEqual(first.stores.count, 2)
    }

    func testNothingOlderTakesNothingAndLeavesTheRunWhole() {
        var waiting = run([(5, "a"), (6, "b")])
        let original = ObjectIdentifier(waiting.stores[0])
        let taken = waiting.removeRows(before: 5)
        XCTAssertTrue(taken.isEmpty)
        XCTAssertEqual(texts(waiting), ["a", "b"])
        XCTAssertEqual(waiting.times, [5, 6])
        XCTAssertEqual(waiting.stores.map(ObjectIdentifier.init), [original])
    }

    func testMergingIntoAnEmptyRunTakesTheLaterRunSorted() {
        var waiting = RowRun()
        let later = run([(3, "c"), (1, "a"), (3, "d"), (2, "b")])
        waiting.merge(later: later)
        XCTAssertEqual(texts(waiting), ["a", "b", "c", "d"])
        XCTAssertEqual(waiting.times, [1, 2, 3, 3])
        XCTAssertEqual(waiting.stores.map(ObjectIdentifier.init), later.stores.map(ObjectIdentifier.init))
    }
}

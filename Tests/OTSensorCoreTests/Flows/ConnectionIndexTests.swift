import XCTest
@testable import OTSensorCore

/// The index must find exactly what a plain dictionary would, through
/// collisions, removals that shift runs back, and moves as the table swaps
/// its last connection into a freed place.
final class ConnectionIndexTests: XCTestCase {
    /// A table's view of the index: key → position, positions kept dense as
    /// ConnectionTable keeps them (the last entry fills a removed one's place).
    private struct Model {
        var index = ConnectionIndex()
        var keys: [UInt64] = []
        /// Hashes deliberately collide: only 37 distinct values for many keys.
        func hash(_ key: UInt64) -> UInt64 { key % 37 &* 0x1000_0000_0001 }

        func position(of key: UInt64) -> Int? { index.find(hash(key)) { keys[$0] == key } }

        mutating func add(_ key: UInt64) {
            index.insert(hash(key), position: keys.count)
            keys.append(key)
        }

        mutating func remove(_ key: UInt64) {
            guard let position = position(of: key) else { return XCTFail("\(key) is not indexed") }
            index.remove(hash(key), position: position)
            let last = keys.count - 1
            if position != last {
                index.move(hash(keys[last]), from: last, to: position)
                keys.swapAt(position, last)
            }
            keys.removeLast()
        }
    }

    func testFindsEveryKeyThroughCollisionsRemovalsAndGrowth() {
        var model = Model()
        var generator = SystemRandomNumberGenerator()
        var present = Set<UInt64>()
        for step in 0..<20_000 {
            let key = UInt64.random(in: 0..<3_000, using: &generator)
            if present.contains(key) && step % 3 != 0 {
                model.remove(key)
                present.remove(key)
            } else if !present.contains(key) {
                model.add(key)
                present.insert(key)
            }
            XCTAssertEqual(model.index.count, present.count)
            if step % 500 == 0 {
                for key in 0..<3_000 as Range<UInt64> {
                    let found = model.position(of: key)
                    XCTAssertEqual(found != nil, present.contains(key), "key \(key) at step \(step)")
                    if let found { XCTAssertEqual(model.keys[found], key) }
                }
            }
        }
    }

    func testAKeyRemovedFromTheMiddleOfARunLeavesTheRestFindable() {
        var model = Model()
        // 0, 37 and 74 share a hash and so a run; 1 has a hash of its own.
        for key: UInt64 in [0, 37, 74, 1] { model.add(key) }
        model.remove(37)
        XCTAssertNil(model.position(of: 37))
        XCTAssertEqual(model.position(of: 0).map { model.keys[$0] }, 0)
        XCTAssertEqual(model.position(of: 74).map { model.keys[$0] }, 74)
        XCTAssertEqual(model.position(of: 1).map { model.keys[$0] }, 1)
    }

    func testRemoveAllEmptiesIt() {
        var model = Model()
        for key: UInt64 in 0..<100 { model.add(key) }
        model.index.removeAll()
        XCTAssertEqual(model.index.count, 0)
        XCTAssertNil(model.index.find(model.hash(5)) { _ in true })
    }
}

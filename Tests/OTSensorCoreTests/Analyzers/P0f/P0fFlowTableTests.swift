import CaptureGenerator
import XCTest
@testable import OTSensorCore

/// A full flow table drops its oldest tenth, as p0f's `nuke_flows`: the
/// flows with the earliest creation times, ties broken by key, whatever order
/// they were inserted, replaced or removed in.
final class P0fFlowTableTests: XCTestCase {
    private func key(_ n: Int) -> P0fFlowTable.Key {
        .init(client: IPAddress(ipv4: 0x0A00_0000 | UInt32(n)), clientPort: UInt16(1024 + n % 50_000),
              server: IPAddress(ipv4: 0xC0A8_0001), serverPort: 102)
    }

    private func flow(createdAt second: Int64) -> P0fFlowTable.Flow {
        .init(created: Timestamp(nanoseconds: second * 1_000_000_000), clientSequence: 1, synMSS: 1460,
              synDestinationMAC: .zero, isProbe: false)
    }

    /// The keys a plain sort of the table says go first.
    private func oldest(_ count: Int, of flows: [P0fFlowTable.Key: P0fFlowTable.Flow]) -> Set<P0fFlowTable.Key> {
        Set(flows.sorted { a, b in
            a.value.created != b.value.created ? a.value.created < b.value.created
                : (a.key.client, a.key.clientPort) < (b.key.client, b.key.clientPort)
        }.prefix(count).map(\.key))
    }

    func testAFullTableDropsItsOldestTenthInCreationThenKeyOrder() {
        var table = P0fFlowTable()
        var generator = SplitMix64(seed: 7)
        // Creation times out of insertion order, many shared (ties go by key).
        for n in (0..<P0fFlowTable.capacity).shuffled(using: &generator) {
            table.insert(flow(createdAt: Int64(n % 97)), for: key(n))
        }
        let before = table.flows
        let expectedGone = oldest(1 + P0fFlowTable.capacity / 10, of: before)
        table.insert(flow(createdAt: 500), for: key(5_000))
        XCTAssertEqual(Set(before.keys).subtracting(table.flows.keys), expectedGone)
        XCTAssertEqual(table.flows.count, P0fFlowTable.capacity - expectedGone.count + 1)
    }

    func testRemovedAndReplacedFlowsDoNotCountTowardsTheEviction() {
        var table = P0fFlowTable()
        for n in 0..<P0fFlowTable.capacity { table.insert(flow(createdAt: Int64(n)), for: key(n)) }
        // The five oldest leave; the next five are replaced by younger flows.
        for n in 0..<5 { table.remove(key(n)) }
        for n in 5..<10 {
            table.remove(key(n))
            table.insert(flow(createdAt: 2_000 + Int64(n)), for: key(n))
        }
        for n in 0..<5 { table.insert(flow(createdAt: 3_000), for: key(10_000 + n)) }
        let before = table.flows
        let expectedGone = oldest(1 + P0fFlowTable.capacity / 10, of: before)
        table.insert(flow(createdAt: 4_000), for: key(20_000))
        XCTAssertEqual(Set(before.keys).subtracting(table.flows.keys), expectedGone)
        XCTAssertFalse(expectedGone.contains(key(5)), "a replaced flow is as young as its replacement")
    }

    func testEvictionStaysRightOverManyRoundsOfChurn() {
        var table = P0fFlowTable()
        var generator = SplitMix64(seed: 11)
        for round in 0..<20 {
            for n in 0..<600 {
                let id = round * 600 + n
                if n % 7 == 0, let victim = table.flows.keys.randomElement(using: &generator) { table.remove(victim) }
                let created = Int64(round * 10 + Int.random(in: 0..<20, using: &generator))
                let before = table.flows
                table.insert(flow(createdAt: created), for: key(id))
                if before.count >= P0fFlowTable.capacity {
                    XCTAssertEqual(Set(before.keys).subtracting(table.flows.keys),
                                   oldest(1 + before.count / 10, of: before), "round \(round), flow \(n)")
                }
            }
        }
    }
}


@testable import OTSensorSignatures
import XCTest

/// Signature groups by protocol, direction and server port (Suricata's
/// RulesGroupByPorts): to the server the destination port picks the group,
/// to the client the source port; a group holds every rule whose header and
/// flow direction can hold for such a packet, in rule order.
final class RuleGroupsTests: XCTestCase {
    private let rules = RuleSet.parse([
        "alert tcp any any -> any 80 (msg:\"1\"; sid:1;)",
        "alert tcp any any -> any 443 (msg:\"2\"; sid:2;)",
        "alert tcp any any -> any any (msg:\"3\"; sid:3;)",
        "alert tcp any 80 -> any any (msg:\"4\"; flow:to_client; sid:4;)",
        "alert tcp any any -> any [1000:2000,!1500] (msg:\"5\"; flow:to_server; sid:5;)",
        "alert tcp any 3000 <> any 4000 (msg:\"6\"; sid:6;)",
        "alert udp any any -> any 53 (msg:\"7\"; sid:7;)",
        "alert ip any any -> any any (msg:\"8\"; content:\"x\"; sid:8;)",
        "alert icmp any any -> any any (msg:\"9\"; sid:9;)",
    ].joined(separator: "\n"))

    private func sids(_ proto: UInt8, toServer: Bool, sourcePort: UInt16 = 40000, destinationPort: UInt16 = 40000)
        -> [UInt32] {
        guard let group = rules.groups.group(ipProtocol: proto, toServer: toServer, sourcePort: sourcePort,
                                             destinationPort: destinationPort) else { return [] }
        return group.members.map { rules.signatures[Int($0)].sid }.sorted()
    }

    func testToTheServerTheDestinationPortPicks() {
        XCTAssertEqual(sids(6, toServer: true, destinationPort: 80), [1, 3, 8])
        XCTAssertEqual(sids(6, toServer: true, destinationPort: 443), [2, 3, 8])
        XCTAssertEqual(sids(6, toServer: true, destinationPort: 1000), [3, 5, 8])
        XCTAssertEqual(sids(6, toServer: true, destinationPort: 1500), [3, 8], "1500 is excluded")
        XCTAssertEqual(sids(6, toServer: true, destinationPort: 2000), [3, 5, 8])
        XCTAssertEqual(sids(6, toServer: true, destinationPort: 2001), [3, 8])
    }

    func testToTheClientTheSourcePortPicks() {
        // sid 4 (to_client) by its source port 80; sid 5 is to_server only;
        // sids 1 and 2 have any source port, so every to-client group has them.
        XCTAssertEqual(sids(6, toServer: false, sourcePort: 80), [1, 2, 3, 4, 8])
        XCTAssertEqual(sids(6, toServer: false, sourcePort: 81), [1, 2, 3, 8])
    }

    func testBidirectionalRulesCountBothPorts() {
        XCTAssertEqual(sids(6, toServer: true, destinationPort: 3000), [3, 6, 8])
        XCTAssertEqual(sids(6, toServer: true, destinationPort: 4000), [3, 6, 8])
        XCTAssertEqual(sids(6, toServer: false, sourcePort: 4000), [1, 2, 3, 6, 8])
    }

    func testOtherProtocolsHaveOneGroupPerDirection() {
        XCTAssertEqual(sids(17, toServer: true, destinationPort: 53), [7, 8])
        XCTAssertEqual(sids(17, toServer: true, destinationPort: 54), [8])
        XCTAssertEqual(sids(1, toServer: true), [8, 9])
        XCTAssertEqual(sids(1, toServer: false), [8, 9])
        XCTAssertEqual(sids(47, toServer: true), [8], "GRE meets the ip rules only")
    }

    func testManyPortsShareGroupsBeyondTheLimitWithoutLosingARule() {
        // 60 rules on 60 ports: 60 distinct lists, more than the 40 to the server.
        let text = (0..<60).map { "alert tcp any any -> any \(5000 + $0) (msg:\"p\"; sid:\($0 + 1);)" }
        let set = RuleSet.parse(text.joined(separator: "\n"))
        var distinct = Set<[Int32]>()
        for i in 0..<60 {
            let group = set.groups.group(ipProtocol: 6, toServer: true, sourcePort: 1, destinationPort: UInt16(5000 + i))
            XCTAssertTrue(group?.members.contains { set.signatures[Int($0)].sid == UInt32(i + 1) } ?? false)
            distinct.insert(group?.members ?? [])
        }
        XCTAssertEqual(distinct.count, RuleGroups.toServerLimit, "39 ports keep their own group, 21 share one")
        XCTAssertNil(set.groups.group(ipProtocol: 6, toServer: true, sourcePort: 1, destinationPort: 80))
    }
}

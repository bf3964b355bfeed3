@testable import OTSensorCore
import XCTest

/// NetBIOS name service on 137/udp, which the DNS analyzer reads beside the
/// NBNS analyzer (LOGS.md §6.5): names decoded from their first-level encoding,
/// NetBIOS opcode names, registrations read like queries.
final class DNSNetBIOSTests: XCTestCase {
    /// Zeek's `decode_netbios_name` rules, on its documentation's example and
    /// on names worked out letter pair by letter pair.
    func testFirstLevelEncodingIsDecodedAsZeekDoes() {
        let decode = { (name: String) in DNSNetBIOS.decodedName(Array(name.utf8)).map { String(decoding: $0, as: UTF8.self) } }
        XCTAssertEqual(decode("FEEIEFCAEOEFFEECEJEPFDCAEOEBENEF"), "THE NETBIOS NAM", "16 bytes: the 16th (type) is dropped")
        // "WORKGROUP" + six spaces + type 0x1D, in lower case letters.
        XCTAssertEqual(decode("fhepfcelehfcepfffacacacacacacabn"), "WORKGROUP")
        XCTAssertNil(decode("FEEIEFCAEOEFFEECEJEPFDCAEOEBENE"), "31 letters")
        XCTAssertNil(decode("FEEIEFCAEOEFFEECEJEPFDCAEOEBENEZ"), "Z is no NetBIOS letter")
        XCTAssertNil(decode("CACACACACACACACACACACACACACACAAA"), "only spaces and a NUL type")
        // 0x7F is neither alphanumeric nor punctuation: decoding stops before it.
        XCTAssertEqual(decode("EBHPEBEBEBEBEBEBEBEBEBEBEBEBEBEB"), "A")
    }

    func testOpcodesHaveNetBIOSNames() {
        XCTAssertEqual([0, 5, 6, 7, 8, 9].map { DNSNetBIOS.opcodeName($0) },
                       ["netbios-query", "netbios-registration", "netbios-release", "netbios-wack", "netbios-refresh",
                        "netbios-opcode-9"])
    }

    /// The osect layout: LOGS.md §6.5 worked example 2, the one standard query
    /// (registrations are not tracked there); the uid is conn.log's.
    func testFixtureOsectRowIsLOGSWorkedExample() throws {
        let run = try SliceLogHarness.run(capture: try ThirdPartyTestData.capture("netbios-ns/test.pcap"))
        let uid = try XCTUnwrap(run.rows("conn.log").first { $0[0] == "750823604.550596" }?[1])
        XCTAssertEqual(run.lines("dns.log"), [
            "750823604.572736\t\(uid)\t192.168.1.215\t137\t192.168.3.255\t137\tudp\t17781\t-\tWORKGROUP\t1\tC_INTERNET"
                + "\t32\tNB\t-\t-\tF\tF\tT\tF\t1\t-\t-\tF\t1",
        ])
    }

    /// The native layout tracks registrations too (opcode 5, which is UPDATE's
    /// number, read as a query): one unanswered row per message, trans_id and
    /// name as tshark's NBNS dissector gives them, written when the slice ends.
    func testFixtureNativeRowsAreEveryRegistrationAndTheQuery() throws {
        let run = try SliceLogHarness.run(capture: try ThirdPartyTestData.capture("netbios-ns/test.pcap"),
                                          format: .zeekTSV)
        let rows = run.rows("dns.log")
        // tshark: nbns.id, nbns.flags.opcode, nbns.name for the five messages.
        XCTAssertEqual(rows.map { [$0[7], $0[9], $0[24], $0[25]] }, [
            ["17767", "MACBOOKAIR-4351", "5", "netbios-registration"],
            ["17768", "MACBOOKAIR-4351", "5", "netbios-registration"],
            ["17777", "MACBOOKAIR-4351", "5", "netbios-registration"],
            ["17778", "WORKGROUP", "5", "netbios-registration"],
            ["17781", "WORKGROUP", "0", "netbios-query"],
        ])
        for row in rows {
            XCTAssertEqual(Array(row[12...15]), ["32", "NIMLOC", "-", "-"], "type NB is NIMLOC in Zeek 9.1's table; no reply")
        }
        XCTAssertEqual(run.rows("netbios-ns.log").count, 3, "the NBNS analyzer still sees every datagram")
    }
}

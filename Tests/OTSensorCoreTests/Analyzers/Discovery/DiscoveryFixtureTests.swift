import OTSensorCore
import XCTest

// The real captures of testdata/third-party (LOGS.md appendix C): otsensor's rows
// must be the rows LOGS.md's worked examples give for them (rows sorted by ts,
// the product's order), and every row must agree with tshark's dissection of
// the same capture aggregated by LOGS.md §4.
final class DiscoveryFixtureTests: XCTestCase {
    /// LOGS.md §6.9: all three rows of the README (here in ts order).
    func testNetBIOSNameFixture() throws {
        let capture = try ThirdPartyTestData.capture("netbios-ns/test.pcap")
        let run = try DiscoveryHarness.run(capturePath: capture)
        XCTAssertEqual(run.lines("netbios-ns.log"), [
            "750820972.171322\t192.168.1.215\t3c:a6:f6:29:43:51\tMACBOOKAIR-435\t900\tWorkstation",
            "750820972.181240\t192.168.1.215\t3c:a6:f6:29:43:51\tMACBOOKAIR-435\t900\tServer",
            "750823604.550596\t192.168.1.215\t3c:a6:f6:29:43:51\tMACBOOKAIR-435\t900\tServer",
        ])
        XCTAssertEqual(run.rows("netbios-ns.log"), try NetBIOSOracle.rows(capture))
        try assertThreadIndependent(capture)
    }

    /// LOGS.md §6.10 gives the first three rows; the rest follow tshark.
    func testBrowserFixture() throws {
        let capture = try ThirdPartyTestData.capture("mswin-browser/test.pcap")
        let run = try DiscoveryHarness.run(capturePath: capture)
        XCTAssertEqual(Array(run.lines("mswin-browser.log").prefix(3)), [
            "1523724456.329519\t192.168.1.35\t08:00:27:b9:d0:0a\tSNG-WIN2K\t5.0\t0x1003\t15.1\t0xaa55\t(empty)",
            "1523724487.160319\t192.168.1.35\t08:00:27:b9:d0:0a\tSNG-WIN2K\t5.0\t0x51003\t15.1\t0xaa55\t(empty)",
            "1523724541.105258\t192.168.1.37\t08:00:27:fb:de:c8\tSNG-WINNT4\t4.0\t0x9002\t15.1\t0xaa55\t(empty)",
        ])
        XCTAssertEqual(run.rows("mswin-browser.log"), try BrowserOracle.rows(capture))
        try assertThreadIndependent(capture)
    }

    /// LOGS.md §6.11 gives the first three rows (the third is host one again,
    /// 63 s after its entry was created); the rest follow tshark.
    func testDHCPv6Fixture() throws {
        let capture = try ThirdPartyTestData.capture("dhcpv6/test.pcap")
        let run = try DiscoveryHarness.run(capturePath: capture)
        XCTAssertEqual(Array(run.lines("dhcpv6.log").prefix(3)), [
            "1547129924.510607\tfe80::8882:5cf6:f2eb:c8b9\t00:0c:29:71:12:2e\tvagrant-2008R2happycrazy\t311,24,23,17,39\t311\tMSFT 5.0",
            "1547129962.336912\tfe80::28e4:bf15:6f67:5024\t00:0c:29:c2:25:f9\tWIN7-CLIENT-01happycrazy\t311,24,23,17,39\t311\tMSFT 5.0",
            "1547129987.504802\tfe80::8882:5cf6:f2eb:c8b9\t00:0c:29:71:12:2e\tvagrant-2008R2happycrazy\t311,24,23,17,39\t311\tMSFT 5.0",
        ])
        XCTAssertEqual(run.rows("dhcpv6.log"), try DHCPv6Oracle.rows(capture))
        try assertThreadIndependent(capture)
    }

    /// LOGS.md §6.12: the three rows; the NOTIFYs come from many source ports
    /// (many flows) and the 200 OK responses go to the searcher's ports (not logged).
    func testSSDPFixture() throws {
        let capture = try ThirdPartyTestData.capture("ssdp/test.pcapng")
        let run = try DiscoveryHarness.run(capturePath: capture)
        XCTAssertEqual(run.lines("ssdp.log"), [
            "1668040655.960467\t192.168.1.131\tdc:72:23:56:9a:d1\tNOTIFY\tLinux/4.14.76+ UPnP/1.0 CyberLinkJava/1.8",
            "1668040683.179186\t192.168.1.130\t14:da:e9:cd:9f:0c\tM-SEARCH Request\t-",
            "1668040683.884088\t192.168.1.130\t14:da:e9:cd:9f:0c\tM-SEARCH Request\tGoogle Chrome/106.0.5249.119 Linux",
        ])
        XCTAssertEqual(run.rows("ssdp.log"), try SSDPOracle.rows(capture))
        try assertThreadIndependent(capture)
    }

    private func assertThreadIndependent(_ capture: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let one = try DiscoveryHarness.run(capturePath: capture, threads: 1)
        let two = try DiscoveryHarness.run(capturePath: capture, threads: 2)
        for log in discoveryLogs {
            XCTAssertEqual(one.texts[log], two.texts[log], "\(log) differs between --threads 1 and 2", file: file, line: line)
        }
    }
}

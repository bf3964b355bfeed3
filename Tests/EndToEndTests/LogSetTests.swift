import CaptureGenerator
import Foundation
import XCTest

/// The set of files an output directory holds: every log of LOGS.md §1 that
/// the sensor writes exists even without rows, the manifest lists each one, and
/// `--conn-only` writes conn.log alone with the same rows.
final class LogSetTests: XCTestCase {
    private var directory: URL!
    private var input: String!

    /// Every log process-slice writes, in manifest order (the analyzers' order of LOGS.md §1).
    private let allLogs = [
        "conn.log", "yaf_flow.log", "arp.log", "ns.log", "dns.log", "p0f-k.log", "http.log", "dhcp2.log", "netbios-ns.log",
        "mswin-browser.log", "dhcpv6.log", "ssdp.log", "cclink-ief-basic.log", "cclink-ie.log",
        "cclink-ie-tsn.log", "s7comm.log", "iso_cotp.log", "eve.json",
    ]

    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
        input = directory.appendingPathComponent("flows.pcap").path
        try Capture(EndToEndFlows.tcpExchange() + EndToEndFlows.udpDatagram(start: 1_700_000_001)).write(to: input)
    }

    private func outputs(_ name: String, _ extra: [String]) throws -> (files: [String], manifest: [String]) {
        let result = try EndToEnd.runProcessSlice([input, "--out", name, "--no-progress"] + extra, in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = directory.appendingPathComponent(name)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        let listed = try XCTUnwrap(EndToEnd.readManifest(out)["files"] as? [[String: Any]])
        return (files, listed.compactMap { $0["file"] as? String })
    }

    func testEveryLogExistsAndTheManifestListsItInOrder() throws {
        let (files, listed) = try outputs("all", [])
        XCTAssertEqual(files, (allLogs + ["manifest.json"]).sorted())
        XCTAssertEqual(listed, allLogs)
    }

    func testConnOnlyWritesConnLogAloneWithTheSameRows() throws {
        let (files, listed) = try outputs("conn", ["--conn-only"])
        XCTAssertEqual(files, ["conn.log", "manifest.json"])
        XCTAssertEqual(listed, ["conn.log"])
        _ = try outputs("full", [])
        let conn = try String(contentsOf: directory.appendingPathComponent("conn/conn.log"), encoding: .utf8)
        let full = try String(contentsOf: directory.appendingPathComponent("full/conn.log"), encoding: .utf8)
        XCTAssertEqual(conn, full)
    }
}

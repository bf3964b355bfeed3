import Foundation
import OTSensorCore
import XCTest

/// `otsensor run` with otsensor.toml's `[rules]`: every slice matched, the
/// rules compiled once and served from SPOOL/rules-cache/ afterwards.
final class RunRulesTests: XCTestCase {
    /// A classic pcap of one Ethernet/IPv4/UDP datagram 10.0.0.1:5000 → 10.0.0.2:6000
    /// carrying `payload` (IPv4 header checksum computed, UDP checksum 0: none).
    static func capture(_ payload: String) -> Data {
        let body = Array(payload.utf8)
        var ip: [UInt8] = [0x45, 0, 0, 0, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]
        let total = 20 + 8 + body.count
        ip[2] = UInt8(total >> 8)
        ip[3] = UInt8(total & 0xFF)
        var sum = 0
        for i in stride(from: 0, to: 20, by: 2) { sum += Int(ip[i]) << 8 | Int(ip[i + 1]) }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        ip[10] = UInt8((~sum >> 8) & 0xFF)
        ip[11] = UInt8(~sum & 0xFF)
        let udp: [UInt8] = [0x13, 0x88, 0x17, 0x70, UInt8((8 + body.count) >> 8), UInt8((8 + body.count) & 0xFF), 0, 0]
        let frame: [UInt8] = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 0x08, 0x00] + ip + udp + body
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        let header = le32(0xA1B2_C3D4) + [2, 0, 4, 0] + le32(0) + le32(0) + le32(65_535) + le32(1)
        let record = le32(1_700_000_000) + le32(0) + le32(UInt32(frame.count)) + le32(UInt32(frame.count))
        return Data(header + record + frame)
    }

    func testRunMatchesConfiguredRulesAndReusesTheCompiledRules() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-run-rules-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let layout = SpoolLayout(root: root.appendingPathComponent("spool").path)
        try layout.create()
        let rules = root.appendingPathComponent("local.rules")
        try "alert udp any any -> any 6000 (msg:\"hello\"; content:\"hello-rule\"; sid:100; rev:1;)\n"
            .write(to: rules, atomically: true, encoding: .utf8)
        let config = root.appendingPathComponent("otsensor.toml")
        try "[rules]\npath = \"\(rules.path)\"\n".write(to: config, atomically: true, encoding: .utf8)

        var manifests: [[String: Any]] = []
        for id in ["20261123T104100Z", "20261123T104200Z"] {
            try Self.capture("xx hello-rule xx").write(to: layout.incoming.appendingPathComponent("\(id).pcap"))
            let run = try Tool.otsensor(["run", "--config", config.path, "--spool", layout.root.path])
            XCTAssertEqual(run.status, 0, run.errorText)
            let logs = layout.logDirectory(for: id)
            let eve = try String(contentsOf: logs.appendingPathComponent("eve.json"), encoding: .utf8)
            XCTAssertEqual(eve.split(separator: "\n").count, 1, eve)
            XCTAssertTrue(eve.contains(#""signature_id":100"#), eve)
            let manifest = try XCTUnwrap(JSONSerialization.jsonObject(
                with: Data(contentsOf: logs.appendingPathComponent("manifest.json"))) as? [String: Any])
            manifests.append(try XCTUnwrap(manifest["rules"] as? [String: Any]))
        }
        XCTAssertEqual(manifests.map { $0["cache"] as? String }, ["cold", "warm"])
        let entries = try FileManager.default.contentsOfDirectory(atPath: layout.rulesCache.path)
        XCTAssertEqual(entries.count, 1, "\(entries)")
    }

    /// Without a [rules] section the default, suricata-update's output, is used
    /// when present; absent (as here), slices get an empty eve.json and the log says so.
    func testAbsentDefaultRulesRunWithoutRulesAndSaySo() throws {
        guard !FileManager.default.fileExists(atPath: "/var/lib/suricata/rules/suricata.rules") else {
            throw XCTSkip("suricata-update's rules exist on this machine")
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-run-norules-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let layout = SpoolLayout(root: root.path)
        try layout.create()
        try Self.capture("xx hello-rule xx").write(to: layout.incoming.appendingPathComponent("20261123T104100Z.pcap"))
        let run = try Tool.otsensor(["run", "--spool", layout.root.path])
        XCTAssertEqual(run.status, 0, run.errorText)
        XCTAssertEqual(run.errorText.components(separatedBy: "suricata.rules does not exist").count, 2,
                       "said once: \(run.errorText)")
        let eve = try Data(contentsOf: layout.logDirectory(for: "20261123T104100Z").appendingPathComponent("eve.json"))
        XCTAssertEqual(eve, Data())
    }
}

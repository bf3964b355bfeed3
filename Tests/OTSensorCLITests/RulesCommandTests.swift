import Foundation
import OTSensorCLI
import XCTest

/// `otsensor rules check` and the `[rules]` settings of otsensor.toml.
final class RulesCommandTests: XCTestCase {
    private func directory() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return root
    }

    /// Two good rules, one with a keyword the engine lacks, one malformed on line 4.
    private static let rules = """
        alert tcp any any -> any 80 (msg:"a"; content:"GET"; sid:1;)
        alert udp any any -> any 53 (msg:"b"; dsize:>10; sid:2;)
        alert tcp any any -> any any (msg:"c"; content:"x"; xbits:set,x,track ip_src; sid:3;)
        alert tcp any any -> any any (msg:"d"; content:"|4|"; sid:4;)
        """

    func testCheckReportsLoadedSkippedMalformedAndExitsOneOnAMalformedRule() throws {
        let root = try directory()
        let file = root.appendingPathComponent("local.rules")
        try Self.rules.write(to: file, atomically: true, encoding: .utf8)
        let check = try Tool.otsensor(["rules", "check", root.path])
        XCTAssertEqual(check.status, 1, check.errorText)
        let lines = String(decoding: check.output, as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines.prefix(5)), ["loaded: 2", "skipped: 2", "  unsupported xbits: 1", "  malformed: 1",
                                                "\(file.path):4: content: odd number of hex digits in content \"|4|\""])
        XCTAssertTrue(lines.last?.hasPrefix("load time: ") == true, "\(lines)")

        try Self.rules.split(separator: "\n").prefix(3).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let clean = try Tool.otsensor(["rules", "check", file.path])
        XCTAssertEqual(clean.status, 0, "an unsupported keyword is a skip, not an error: \(clean.errorText)")
        XCTAssertTrue(String(decoding: clean.output, as: UTF8.self).hasPrefix("loaded: 2\nskipped: 1\n"))

        let missing = try Tool.otsensor(["rules", "check", root.appendingPathComponent("nope.rules").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.errorText.contains("nope.rules does not exist"), missing.errorText)
    }

    func testDefaultRulesMayBeAbsentAConfiguredFileMustExist() throws {
        let root = try directory()
        var defaults = SensorConfiguration()
        defaults.rulesPath = root.appendingPathComponent("suricata.rules").path  // the default, not written yet
        XCTAssertEqual(defaults.ruleProblems(), [])
        XCTAssertNil(defaults.effectiveRulesPath)

        let missing = root.appendingPathComponent("local.rules").path
        let configured = try ConfigurationFile.parse("[rules]\npath = \"\(missing)\"\n", source: "a.toml")
        XCTAssertEqual(configured.ruleProblems(),
                       ["rules.path: \(missing) does not exist (set rules.path = \"\" to run without rules)"])
        let config = root.appendingPathComponent("otsensor.toml")
        try "[rules]\npath = \"\(missing)\"\n".write(to: config, atomically: true, encoding: .utf8)
        let check = try Tool.otsensor(["config", "check", config.path])
        XCTAssertEqual(check.status, 64)
        XCTAssertTrue(check.errorText.contains("rules.path: \(missing) does not exist"), check.errorText)

        try Self.rules.write(toFile: missing, atomically: true, encoding: .utf8)
        XCTAssertEqual(configured.ruleProblems(), [])
        XCTAssertEqual(configured.effectiveRulesPath, missing)
        let none = try ConfigurationFile.parse("[rules]\npath = \"\"\nvars = \"\"\n", source: "a.toml")
        XCTAssertNil(none.effectiveRulesPath)
        for configuration in [SensorConfiguration(), configured, none] {
            let back = try ConfigurationFile.parse(configuration.rendered(), source: "rendered")
            XCTAssertEqual([back.rulesPath, "\(back.rulesPathConfigured)", back.ruleVarsPath ?? "-"],
                           [configuration.rulesPath, "\(configuration.rulesPathConfigured)", configuration.ruleVarsPath ?? "-"],
                           "config check's output keeps the rules settings, and a default path stays a default")
        }
    }
}

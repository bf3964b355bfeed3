import Foundation
@testable import OTSensorCLI
import XCTest

/// What `otsensor` tells an operator (issue 23 §4): `config check FILE` with
/// every problem at once and warnings about the label, and log lines the
/// journal can filter by priority when no terminal is attached.
final class OperatorMessageTests: XCTestCase {
    private func scratch() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-msg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return root
    }

    func testConfigCheckTakesTheFileAndListsEveryProblem() throws {
        let root = try scratch()
        let config = root.appendingPathComponent("otsensor.toml")
        try Data("""
            label = "plant a/b"
            [capture]
            rotate = 0
            bogus = 1
            [run]
            format = "xml"
            zstd_level = "high"
            process_values = "hide"
            """.utf8).write(to: config)
        let result = try Tool.otsensor(["config", "check", config.path])
        XCTAssertEqual(result.status, 64)
        for problem in ["\(config.path): run.zstd_level must be an integer",
                        "\(config.path): unknown setting 'capture.bogus'",
                        "configuration: capture.rotate must be 1...3600 seconds (is 0)",
                        "configuration: run.format must be 'tsv' or 'json' (is 'xml')",
                        "configuration: run.process_values must be 'redact' or 'keep' (is 'hide')",
                        "warning: label 'plant a/b' is written 'plant_a_b' in slice ids and file names"] {
            XCTAssertTrue(result.errorText.contains(problem), "missing \(problem) in:\n\(result.errorText)")
        }
    }

    func testConfigCheckWarnsAboutAnEmptyLabelAndShowsTheProcessValuesDefault() throws {
        let root = try scratch()
        let config = root.appendingPathComponent("otsensor.toml")
        try Data("spool = \"\(root.path)\"\n".utf8).write(to: config)
        let result = try Tool.otsensor(["config", "check", config.path])
        XCTAssertEqual(result.status, 0, result.errorText)
        XCTAssertTrue(result.errorText.contains("warning: label is empty"), result.errorText)
        XCTAssertTrue(String(decoding: result.output, as: UTF8.self).contains("process_values = \"redact\""))
    }

    /// Under systemd stderr is the journal: `<6>` and `<3>` prefixes, no timestamp of ours.
    func testWithoutATerminalLogLinesCarrySdDaemonPriorities() throws {
        let root = try scratch()
        let config = root.appendingPathComponent("otsensor.toml")
        try Data("label = \"plant\"\nspool = \"\(root.appendingPathComponent("spool").path)\"\n".utf8).write(to: config)
        let run = try Tool.otsensor(["run", "--config", config.path])
        XCTAssertEqual(run.status, 0, run.errorText)
        XCTAssertTrue(run.errorText.hasPrefix("<6>otsensor.run: run: 0 processed"), run.errorText)
        XCTAssertNil(run.errorText.range(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d"#, options: .regularExpression),
                     "the journal adds the time: \(run.errorText)")

        let bad = root.appendingPathComponent("bad.toml")
        try Data("[run]\nthreads = -1\n".utf8).write(to: bad)
        let failed = try Tool.otsensor(["run", "--config", bad.path])
        XCTAssertEqual(failed.status, 64)
        XCTAssertTrue(failed.errorText.hasPrefix("<3>otsensor run: error: configuration: run.threads"), failed.errorText)
    }

    /// At a terminal (script(1) gives one) the lines stay as they were: time, level, label.
    func testOnATerminalLogLinesKeepTheirTimestamp() throws {
        let root = try scratch()
        let config = root.appendingPathComponent("otsensor.toml")
        try Data("label = \"plant\"\nspool = \"\(root.appendingPathComponent("spool").path)\"\n".utf8).write(to: config)
        let command = "'\(try Tool.binary("otsensor"))' run --config '\(config.path)'"
        let result = try Tool.run("/usr/bin/script", ["-qec", command, "/dev/null"])
        XCTAssertEqual(result.status, 0, result.errorText)
        let text = String(decoding: result.output, as: UTF8.self)
        XCTAssertNotNil(text.range(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S* info otsensor.run"#, options: .regularExpression),
                        text)
        XCTAssertFalse(text.contains("<6>"), text)
    }
}

/// Foundation's file errors become the path and the system's reason.
final class ErrorTextTests: XCTestCase {
    func testAFoundationFileErrorNamesThePathAndTheReason() throws {
        let missing = "/nonexistent-\(UUID().uuidString)/x"
        XCTAssertThrowsError(try FileManager.default.contentsOfDirectory(atPath: missing)) { error in
            let text = ErrorText.describe(error)
            XCTAssertTrue(text.hasPrefix("cannot use \(missing): "), text)
            XCTAssertTrue(text.lowercased().contains("no such file or directory"), text)
            XCTAssertFalse(text.contains("NSCocoaErrorDomain"), text)
        }
    }

    func testOurOwnErrorsKeepTheirSentence() {
        XCTAssertEqual(ErrorText.describe(CommandFailure("the spool is full", status: 3)), "the spool is full")
    }
}

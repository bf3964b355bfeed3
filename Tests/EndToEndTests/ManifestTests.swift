import CaptureGenerator
import Foundation
import XCTest

/// manifest.json as an operator reads it (issue 23 §5): sections in a fixed
/// order, the options that shaped the logs, readable times and link type, and
/// who ran it where. Expected values come from outside otsensor: the capture's
/// construction, libpcap's link type table, sha256sum, hostname and date.
final class ManifestTests: XCTestCase {
    func testTheManifestSaysWhatWasReadHowAndByWhom() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let input = directory.appendingPathComponent("in.pcap").path
        try Capture(EndToEndFlows.tcpExchange()).write(to: input)
        let p0f = directory.appendingPathComponent("p0f.fp")
        try Data("; an empty p0f database\n".utf8).write(to: p0f)
        let before = Date().timeIntervalSince1970
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--local-nets", "10.1.0.0/16,fd00::/8",
                                                   "--p0f-db", p0f.path, "--format", "json", "--no-progress"],
                                                  in: directory)
        let after = Date().timeIntervalSince1970
        XCTAssertEqual(result.status, 0, result.stderr)

        let text = try String(contentsOf: directory.appendingPathComponent("out/manifest.json"), encoding: .utf8)
        XCTAssertEqual(EndToEnd.jsonKeysInOrder(text),
                       ["schema", "tool", "input", "run", "counts", "files", "anomalies", "warnings"])
        let manifest = try EndToEnd.readManifest(directory.appendingPathComponent("out"))
        XCTAssertEqual(manifest["schema"] as? Int, 1)

        let input0 = try XCTUnwrap(((manifest["input"] as? [String: Any])?["files"] as? [[String: Any]])?.first)
        XCTAssertEqual(input0["link_type"] as? Int, 1)
        XCTAssertEqual(input0["link_type_name"] as? String, "EN10MB", "pcap-linktype(7): LINKTYPE_ETHERNET is DLT_EN10MB")
        let inputSection = try XCTUnwrap(manifest["input"] as? [String: Any])
        // tcpExchange starts at 1700000000 s = 2023-11-14T22:13:20Z, 1 ms per packet, 9 packets.
        XCTAssertEqual(inputSection["first_time"] as? String, "1700000000.000000")
        XCTAssertEqual(inputSection["first_time_iso"] as? String, "2023-11-14T22:13:20.000000Z")
        XCTAssertEqual(inputSection["last_time_iso"] as? String, "2023-11-14T22:13:20.008000Z")

        let run = try XCTUnwrap(manifest["run"] as? [String: Any])
        XCTAssertEqual(run["host"] as? String, try Self.output("/usr/bin/uname", ["-n"]))
        let started = try XCTUnwrap(run["started"] as? Double)
        XCTAssertTrue(started >= before - 1 && started <= after + 1, "\(started) not in \(before)...\(after)")
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let startedISO = try XCTUnwrap(iso.date(from: try XCTUnwrap(run["started_iso"] as? String)))
        XCTAssertEqual(startedISO.timeIntervalSince1970, started, accuracy: 0.001)
        XCTAssertNil(run["sensor_label"], "process-slice by hand runs for no sensor")

        let options = try XCTUnwrap(run["options"] as? [String: Any])
        XCTAssertEqual(options["layout"] as? String, "native")
        XCTAssertEqual(options["format"] as? String, "json")
        XCTAssertEqual(options["local_nets"] as? String, "10.1.0.0/16,fd00::/8")
        XCTAssertEqual(options["process_values"] as? String, "keep")
        let database = try XCTUnwrap(options["p0f_db"] as? [String: Any])
        XCTAssertEqual(database["path"] as? String, p0f.path)
        XCTAssertEqual(database["sha256"] as? String, String(try Self.output("/usr/bin/sha256sum", [p0f.path]).prefix(64)))
    }

    /// A tool's standard output, without the final newline.
    private static func output(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.trimmingCharacters(in: .newlines)
    }
}

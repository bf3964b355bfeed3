import CaptureGenerator
import Foundation
import XCTest

/// `CAPTURE.sha256` beside a capture (what `otsensor capture` writes, in
/// sha256sum's format) gives the manifest its input digest without hashing
/// the capture again; `--verify-input` hashes anyway and refuses a mismatch.
final class DigestSidecarTests: XCTestCase {
    private var directory: URL!
    private var input: String!

    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
        input = directory.appendingPathComponent("20261207T050000Z-a.pcap").path
        try Capture(EndToEndFlows.tcpExchange()).write(to: input)
    }

    /// sha256sum's own line for the capture, written after it.
    private func writeSidecar(_ digest: String? = nil, name: String = "20261207T050000Z-a.pcap") throws {
        let line: String
        if let digest {
            line = "\(digest)  \(name)\n"
        } else {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [(input as NSString).lastPathComponent]
            process.currentDirectoryURL = directory
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            line = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
        }
        try Data(line.utf8).write(to: URL(fileURLWithPath: input + ".sha256"))
    }

    private func inputSection(_ out: String) throws -> [String: Any] {
        try XCTUnwrap(((EndToEnd.readManifest(directory.appendingPathComponent(out))["input"] as? [String: Any])?["files"] as? [[String: Any]])?.first)
    }

    private func coreutilsDigest() throws -> String {
        try writeSidecar()
        let text = try String(contentsOfFile: input + ".sha256", encoding: .utf8)
        return String(text.prefix(64))
    }

    func testACurrentSidecarGivesTheDigestAndVerifyingAgrees() throws {
        let digest = try coreutilsDigest()
        let plain = try EndToEnd.runProcessSlice([input, "--out", "plain", "--no-progress"], in: directory)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(try inputSection("plain")["sha256"] as? String, digest)
        XCTAssertEqual(try inputSection("plain")["sha256_source"] as? String, "sidecar")
        let verified = try EndToEnd.runProcessSlice([input, "--out", "verified", "--verify-input", "--no-progress"],
                                                    in: directory)
        XCTAssertEqual(verified.status, 0, verified.stderr)
        XCTAssertEqual(try inputSection("verified")["sha256"] as? String, digest)
        XCTAssertEqual(try inputSection("verified")["sha256_source"] as? String, "verified")
    }

    /// A sidecar that disagrees: trusted without --verify-input (that is what
    /// the option is for), refused with it, nothing written.
    func testAWrongSidecarIsCaughtByVerifyInput() throws {
        let wrong = String(repeating: "ab", count: 32)
        try writeSidecar(wrong)
        let trusted = try EndToEnd.runProcessSlice([input, "--out", "trusted", "--no-progress"], in: directory)
        XCTAssertEqual(trusted.status, 0, trusted.stderr)
        XCTAssertEqual(try inputSection("trusted")["sha256"] as? String, wrong)
        let refused = try EndToEnd.runProcessSlice([input, "--out", "refused", "--verify-input", "--no-progress"],
                                                   in: directory)
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("does not match its digest"), refused.stderr)
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "refused"), [])
    }

    /// A sidecar older than its capture, or naming another file, is not used.
    func testAStaleOrForeignSidecarIsIgnored() throws {
        let digest = try coreutilsDigest()
        try writeSidecar(String(repeating: "cd", count: 32), name: "other.pcap")
        let foreign = try EndToEnd.runProcessSlice([input, "--out", "foreign", "--no-progress"], in: directory)
        XCTAssertEqual(foreign.status, 0, foreign.stderr)
        XCTAssertEqual(try inputSection("foreign")["sha256"] as? String, digest)
        XCTAssertEqual(try inputSection("foreign")["sha256_source"] as? String, "computed")

        try writeSidecar(String(repeating: "ef", count: 32))
        let later = Date().addingTimeInterval(60)
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: input)
        let stale = try EndToEnd.runProcessSlice([input, "--out", "stale", "--no-progress"], in: directory)
        XCTAssertEqual(stale.status, 0, stale.stderr)
        XCTAssertEqual(try inputSection("stale")["sha256"] as? String, digest)
        XCTAssertEqual(try inputSection("stale")["sha256_source"] as? String, "computed")
    }
}

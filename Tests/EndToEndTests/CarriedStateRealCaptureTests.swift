import Foundation
import OTSensorCore
import XCTest

/// `--state` on real multi-minute captures cut with `editcap -i 60`, as a
/// sensor cuts its minutes: the slices' conn.log rows and the last slice's
/// conn_long.log rows are the conn.log of one run over the whole capture,
/// uids aside. The third-party captures are part of every clone; the
/// conformance corpus beside the repository adds longer traces when present.
final class CarriedStateRealCaptureTests: XCTestCase {
    private static let root: URL = {
        var root = URL(fileURLWithPath: #filePath)
        while root.path != "/" && !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        return root
    }()

    private static let thirdParty = ["netbios-ns/test.pcap", "dhcpv6/test.pcap", "mswin-browser/test.pcap"]
        .map { root.appendingPathComponent("testdata/third-party/captures/\($0)") }
    private static let conformance = [
        "suricata/cases/smb-filename/input.pcap", "suricata/cases/sip-via/sip.pcap",
        "zeek/cases/scripts.base.protocols.ftp.cwd-navigation/cwd-navigation.pcap",
    ].map { root.deletingLastPathComponent().appendingPathComponent("shared/conformance/\($0)") }

    private static let editcap = ["/usr/bin/editcap", "/usr/local/bin/editcap"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    func testThirdPartyCapturesCutIntoMinutes() throws {
        for capture in Self.thirdParty { try check(capture) }
    }

    func testConformanceTracesCutIntoMinutes() throws {
        let present = Self.conformance.filter { FileManager.default.fileExists(atPath: $0.path) }
        guard !present.isEmpty else {
            throw XCTSkip("SKIPPED LOUDLY: the conformance corpus (../shared/conformance) is not beside this checkout")
        }
        for capture in present { try check(capture) }
    }

    private func check(_ capture: URL) throws {
        guard let editcap = Self.editcap else {
            throw XCTSkip("SKIPPED LOUDLY: editcap (Debian package tshark) is not installed; scripts/test.sh installs it")
        }
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let cut = Process()
        cut.executableURL = URL(fileURLWithPath: editcap)
        cut.arguments = ["-i", "60", capture.path, directory.appendingPathComponent("slice.pcap").path]
        cut.standardOutput = FileHandle.nullDevice
        try cut.run()
        cut.waitUntilExit()
        XCTAssertEqual(cut.terminationStatus, 0)
        let slices = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("slice") }.sorted()
        XCTAssertGreaterThan(slices.count, 1, "\(capture.lastPathComponent) spans more than a minute")

        let expected = try connRows(of: capture, out: directory.appendingPathComponent("one"), state: nil)
        var sliced: [String] = []
        for (k, slice) in slices.enumerated() {
            sliced += try connRows(of: directory.appendingPathComponent(slice), out: directory.appendingPathComponent("out\(k)"),
                                   state: directory.appendingPathComponent("state"))
        }
        sliced += rows(directory.appendingPathComponent("out\(slices.count - 1)"), "conn_long.log")
        XCTAssertEqual(sliced.sorted(), expected.sorted(), capture.lastPathComponent)
    }

    /// conn.log rows without their uid.
    private func connRows(of input: URL, out: URL, state: URL?) throws -> [String] {
        var options = SliceOptions(inputPath: input.path, outputPath: out.path, threads: 2,
                                   localNetworks: LocalNetworks(networks: nil))
        options.stateDirectory = state?.path
        let report = try SliceProcessor(options: options).run()
        XCTAssertEqual(report.manifest.warnings, [], input.lastPathComponent)
        return rows(out, "conn.log")
    }

    private func rows(_ out: URL, _ log: String) -> [String] {
        guard let text = try? String(contentsOf: out.appendingPathComponent(log), encoding: .utf8) else { return [] }
        return EndToEnd.tsvRows(text).map { ($0.prefix(1) + $0.dropFirst(2)).joined(separator: "\t") }
    }
}

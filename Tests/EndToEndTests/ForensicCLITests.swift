import CaptureGenerator
import Foundation
import XCTest

/// process-slice as a Zeek user drives it by hand (issue 23 §3, §4): a pipe on
/// standard input, several captures merged by time, a BPF filter, an output
/// directory made beforehand, messages that list the allowed values or name
/// the directory at fault, and progress only on a terminal.
final class ForensicCLITests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try EndToEnd.makeTemporaryDirectory(for: self)
    }

    private func capture(_ packets: [Packet], _ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Capture(packets).write(to: path)
        return path
    }

    private func log(_ name: String, in out: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(out).appendingPathComponent(name), encoding: .utf8)
    }

    /// Runs `command` with /bin/sh in the test directory; `$PS` is process-slice.
    private func shell(_ command: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = directory
        process.environment = ["PS": try EndToEnd.processSliceBinary().path, "PATH": "/usr/bin:/bin", "TERM": "xterm"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    private func sha256sum(_ path: String) throws -> String {
        let result = try shell("sha256sum '\(path)'")
        return String(result.output.prefix(64))
    }

    /// `cat x.pcap | process-slice - --out d`: a real pipe, not a file handed over as standard input.
    func testAPipeOnStandardInputGivesTheSameLogsAsTheFile() throws {
        let input = try capture(EndToEndFlows.tcpExchange(), "in.pcap")
        let piped = try shell("cat in.pcap | \"$PS\" - --out piped --no-progress")
        XCTAssertEqual(piped.status, 0, piped.output)
        let filed = try EndToEnd.runProcessSlice([input, "--out", "filed", "--no-progress"], in: directory)
        XCTAssertEqual(filed.status, 0, filed.stderr)
        XCTAssertEqual(try log("conn.log", in: "piped"), try log("conn.log", in: "filed"))
        let files = try XCTUnwrap((EndToEnd.readManifest(directory.appendingPathComponent("piped"))["input"]
            as? [String: Any])?["files"] as? [[String: Any]])
        XCTAssertEqual(files.first?["path"] as? String, "-")
        XCTAssertEqual(files.first?["sha256"] as? String, try sha256sum(input))
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "piped"), ["piped"], "the input copy was left behind")
        ManifestSchema.validate(directory.appendingPathComponent("piped/manifest.json"))
    }

    /// One TCP connection whose packets alternate between two files: merged by
    /// time it is the connection mergecap's merge gives (uids aside: they are
    /// seeded by the inputs), and the manifest lists both files with their digests.
    func testSeveralCapturesAreMergedByPacketTimeAsMergecapMergesThem() throws {
        var udp = EndToEndFlows.udpDatagram(start: 1_700_000_000)
        udp[0].time = udp[0].time.advanced(byMicroseconds: 1_500)  // between two TCP packets, no tie
        let packets = EndToEndFlows.tcpExchange() + udp
        let sorted = packets.sorted { $0.time < $1.time }
        let a = try capture(sorted.enumerated().filter { $0.offset % 2 == 0 }.map(\.element), "a.pcap")
        let b = try capture(sorted.enumerated().filter { $0.offset % 2 == 1 }.map(\.element), "b.pcap")
        XCTAssertEqual(try shell("mergecap -F pcap -w merged.pcap a.pcap b.pcap").status, 0, "mergecap (tshark's package) is needed")

        let both = try EndToEnd.runProcessSlice([a, b, "--out", "both", "--no-progress"], in: directory)
        XCTAssertEqual(both.status, 0, both.stderr)
        let reference = try EndToEnd.runProcessSlice(["merged.pcap", "--out", "reference", "--no-progress"], in: directory)
        XCTAssertEqual(reference.status, 0, reference.stderr)
        func withoutUID(_ text: String) -> [[String]] { EndToEnd.tsvRows(text).map { row in row.enumerated().filter { $0.offset != 1 }.map(\.element) } }
        let merged = withoutUID(try log("conn.log", in: "both"))
        XCTAssertEqual(merged, withoutUID(try log("conn.log", in: "reference")))
        XCTAssertEqual(merged.count, 2)
        XCTAssertTrue(merged.contains { $0.contains("SF") }, "the TCP exchange is one complete connection: \(merged)")

        let manifest = try EndToEnd.readManifest(directory.appendingPathComponent("both"))
        let files = try XCTUnwrap((manifest["input"] as? [String: Any])?["files"] as? [[String: Any]])
        XCTAssertEqual(files.map { $0["path"] as? String }, [a, b])
        XCTAssertEqual(files.map { $0["sha256"] as? String }, [try sha256sum(a), try sha256sum(b)])
        XCTAssertEqual((manifest["counts"] as? [String: Any])?["read"] as? Int, packets.count)
        XCTAssertFalse((manifest["warnings"] as? [String] ?? []).contains { $0.contains("go back") },
                       "merged by time, the stream never goes back")
    }

    /// A capture cut inside a record stops contributing where it is cut; the
    /// other is read to its end, and the run reports the damage (status 4)
    /// naming the damaged file.
    func testADamagedCaptureAmongSeveralCostsOnlyItsOwnTail() throws {
        let a = try capture(EndToEndFlows.tcpExchange(), "a.pcap")
        let b = try capture(EndToEndFlows.udpDatagram(start: 1_700_000_001), "b.pcap")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: b))
        try bytes.prefix(bytes.count - 5).write(to: URL(fileURLWithPath: b))
        let result = try EndToEnd.runProcessSlice([a, b, "--out", "out", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(b): "), result.stderr)
        let rows = EndToEnd.tsvRows(try log("conn.log", in: "out"))
        XCTAssertEqual(rows.map { $0[6] }, ["tcp"], "every packet of a.pcap, none of b.pcap's cut datagram")
        let input = try XCTUnwrap(EndToEnd.readManifest(directory.appendingPathComponent("out"))["input"] as? [String: Any])
        XCTAssertEqual(input["truncated"] as? Bool, true)
    }

    /// Two pipes at once (bash's process substitution): each is copied once, to
    /// its own `out.input*` file, and both copies are gone afterwards.
    func testTwoPipedCapturesAreMergedLikeTwoFiles() throws {
        let a = try capture(EndToEndFlows.tcpExchange(), "a.pcap")
        let b = try capture(EndToEndFlows.udpDatagram(start: 1_700_000_001), "b.pcap")
        let files = try EndToEnd.runProcessSlice([a, b, "--out", "files", "--no-progress"], in: directory)
        XCTAssertEqual(files.status, 0, files.stderr)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "\"$PS\" <(cat a.pcap) <(cat b.pcap) --out pipes --no-progress"]
        process.currentDirectoryURL = directory
        process.environment = ["PS": try EndToEnd.processSliceBinary().path, "PATH": "/usr/bin:/bin"]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(try log("conn.log", in: "pipes"), try log("conn.log", in: "files"),
                       "the same bytes in the same order: the same seed, the same uids")
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "pipes"), ["pipes"], "an input copy was left behind")
        ManifestSchema.validate(directory.appendingPathComponent("pipes/manifest.json"))
    }

    /// `--filter` applies libpcap's filter to a file: only the TCP connection
    /// is left, and the UDP datagram is counted as filtered out.
    func testAFilterKeepsOnlyThePacketsItAccepts() throws {
        let tcp = EndToEndFlows.tcpExchange(), udp = EndToEndFlows.udpDatagram(start: 1_700_000_001)
        let input = try capture(tcp + udp, "in.pcap")
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--filter", "tcp port 80", "--no-progress"],
                                                  in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = EndToEnd.tsvRows(try log("conn.log", in: "out"))
        XCTAssertEqual(rows.map { $0[6] }, ["tcp"])
        let manifest = try EndToEnd.readManifest(directory.appendingPathComponent("out"))
        let counts = try XCTUnwrap(manifest["counts"] as? [String: Any])
        XCTAssertEqual(counts["read"] as? Int, tcp.count)
        XCTAssertEqual(counts["filtered_out"] as? Int, udp.count)
        let options = (manifest["run"] as? [String: Any])?["options"] as? [String: Any]
        XCTAssertEqual(options?["filter"] as? String, "tcp port 80")
    }

    func testAFilterLibpcapCannotCompileIsRefusedWithItsReason() throws {
        let input = try capture(EndToEndFlows.tcpExchange(), "in.pcap")
        let result = try EndToEnd.runProcessSlice([input, "--out", "out", "--filter", "tcp port", "--no-progress"],
                                                  in: directory)
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--filter 'tcp port' is not a valid capture filter for link type EN10MB: can't parse filter expression: syntax error"),
                      result.stderr)
        XCTAssertEqual(EndToEnd.entries(in: directory, startingWith: "out"), [], "nothing was written")
    }

    func testAnEmptyOutputDirectoryIsUsedAndANonEmptyOneNeedsForce() throws {
        let input = try capture(EndToEndFlows.tcpExchange(), "in.pcap")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("made"), withIntermediateDirectories: false)
        let empty = try EndToEnd.runProcessSlice([input, "--out", "made", "--no-progress"], in: directory)
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertEqual(EndToEnd.tsvRows(try log("conn.log", in: "made")).count, 1)
        let again = try EndToEnd.runProcessSlice([input, "--out", "made", "--no-progress"], in: directory)
        XCTAssertEqual(again.status, 3)
        XCTAssertTrue(again.stderr.contains("already exists and is not empty (use --force to replace it)"), again.stderr)
    }

    func testAWrongChoiceListsTheAllowedValues() throws {
        let input = try capture(EndToEndFlows.tcpExchange(), "in.pcap")
        for (option, value, allowed) in [("--format", "xml", ["tsv", "json"]), ("--layout", "zeek", ["native", "osect"]),
                                         ("--process-values", "hide", ["keep", "redact"])] {
            let result = try EndToEnd.runProcessSlice([input, "--out", "out", option, value], in: directory)
            XCTAssertEqual(result.status, 64, "\(option) \(value)")
            for name in allowed {
                XCTAssertTrue(result.stderr.contains("'\(name)'"), "\(option): \(result.stderr)")
            }
        }
    }

    /// `--out .` cannot be renamed away: the message says why instead of Foundation's "error 512".
    func testOutAsTheWorkingDirectoryIsExplained() throws {
        let input = try capture(EndToEndFlows.tcpExchange(), "in.pcap")
        let result = try EndToEnd.runProcessSlice([input, "--out", ".", "--force", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.contains("--out . is the directory process-slice runs in"), result.stderr)
        XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain"), result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: input), "nothing was replaced")
    }

    /// /proc refuses new directories with ENOENT; Foundation says "The file doesn't exist.".
    func testOutWhereNoDirectoryCanBeMadeNamesThePlace() throws {
        let input = try capture(EndToEndFlows.tcpExchange(), "in.pcap")
        let result = try EndToEnd.runProcessSlice([input, "--out", "/proc/otsensor-test", "--no-progress"], in: directory)
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.contains("cannot write output /proc/otsensor-test: /proc does not accept new directories"),
                      result.stderr)
        XCTAssertFalse(result.stderr.contains("doesn't exist"), result.stderr)
    }

    /// On a terminal (script(1) gives one) the run ends with a one-line
    /// summary; --no-progress and a pipe stay quiet.
    func testProgressIsShownOnATerminalOnly() throws {
        _ = try capture(EndToEndFlows.tcpExchange(), "in.pcap")
        let terminal = try shell("script -qec '\"$PS\" in.pcap --out tty' /dev/null")
        XCTAssertEqual(terminal.status, 0, terminal.output)
        XCTAssertTrue(terminal.output.contains("process-slice: done: 9 packets"), terminal.output)
        let quiet = try shell("script -qec '\"$PS\" in.pcap --out quiet --no-progress' /dev/null")
        XCTAssertEqual(quiet.status, 0, quiet.output)
        XCTAssertFalse(quiet.output.contains("process-slice:"), quiet.output)
        let piped = try EndToEnd.runProcessSlice(["in.pcap", "--out", "piped"], in: directory)
        XCTAssertEqual(piped.stderr, "")
    }

    /// A run that lasts more than half a second reports before it ends, even
    /// while nothing is read yet: its input arrives through a pipe after 2 s.
    func testARunOnATerminalReportsProgressBeforeItsSummary() throws {
        _ = try capture(EndToEndFlows.tcpExchange(), "in.pcap")
        let terminal = try shell("script -qec '(sleep 2; cat in.pcap) | \"$PS\" - --out slow' /dev/null")
        XCTAssertEqual(terminal.status, 0, terminal.output)
        let progress = try XCTUnwrap(terminal.output.range(of: #"process-slice: (preparing|reading|analysing|writing logs) "#,
                                                           options: .regularExpression), terminal.output)
        let summary = try XCTUnwrap(terminal.output.range(of: "process-slice: done: "), terminal.output)
        XCTAssertLessThan(progress.lowerBound, summary.lowerBound)
        XCTAssertTrue(terminal.output.contains("\r\u{1B}[K"), "the line is rewritten in place")
    }
}

import Foundation
import OTSensorCore
import XCTest

/// `otsensor capture` into a spool whose file system fills up (a 1 MiB tmpfs) while it
/// writes a slice: it stops at once with exit 3 and the file it could not write, rather
/// than losing packets silently until the slice ends; the slices closed before are left
/// as they were; the torn file stays `.part`, which the next start hands on to run.
extension LiveCaptureTests {
    func testAFullFileSystemStopsCaptureAndKeepsClosedSlices() throws {
        guard geteuid() == 0 else { throw XCTSkip("mounting a small tmpfs needs root (scripts/test.sh and CI run as root)") }
        let (a, b) = try makeNamespaces()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let mounted = try Tool.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", root.path])
        guard mounted.status == 0 else { throw XCTSkip("the kernel refused a tmpfs mount (an unprivileged container?): \(mounted.errorText)") }
        addTeardownBlock { _ = try? Tool.run("/bin/umount", [root.path]) }

        // A slice an earlier capture closed, with its digest, as it left it.
        let spool = SpoolLayout(root: root.path)
        try spool.create()
        let closed = "20261123T104100Z-veth"
        let sample = try Data(contentsOf: URL(fileURLWithPath: try Tool.sampleCapture()))
        try sample.write(to: spool.incoming.appendingPathComponent("\(closed).pcap"))
        let digest = try Tool.run("/usr/bin/sha256sum", ["\(closed).pcap"], in: spool.incoming)
        try digest.output.write(to: spool.incoming.appendingPathComponent("\(closed).pcap.sha256"))

        let capture = Process()
        capture.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        capture.arguments = ["netns", "exec", a, try Tool.binary("otsensor"), "capture", "--interface", "a0",
                             "--spool", spool.root.path, "--rotate", "3600", "--label", "veth"]
        let errors = Pipe()
        capture.standardError = errors
        try capture.run()
        defer { if capture.isRunning { capture.terminate() } }
        let started = Date()
        while !SpoolNames.list(spool.incoming).contains(where: { $0.hasSuffix(".pcap.part") }) && Date().timeIntervalSince(started) < 10 {
            usleep(50_000)
        }
        // About 2 MB of datagrams into a file system of 1 MiB, to a host that is not there (a
        // neighbour entry of its own, so no ICMP error stops the sender): capture sees them all.
        let neighbour = try Tool.run("/usr/sbin/ip", ["-n", b, "neigh", "add", "10.213.7.3", "lladdr", "02:00:00:00:00:03", "dev", "b0"])
        XCTAssertEqual(neighbour.status, 0, neighbour.errorText)
        let traffic = try Tool.run("/usr/sbin/ip", ["netns", "exec", b, "bash", "-c",
                                                    "dd if=/dev/zero bs=1400 count=1500 status=none > /dev/udp/10.213.7.3/9999"])
        XCTAssertEqual(traffic.status, 0, traffic.errorText)
        let deadline = Date().addingTimeInterval(10)
        while capture.isRunning && Date() < deadline { usleep(50_000) }
        let stillRunning = capture.isRunning
        if stillRunning { capture.terminate() }
        capture.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)

        XCTAssertFalse(stillRunning, "capture went on for 10 s writing into a full file system: \(log)")
        XCTAssertEqual(capture.terminationStatus, 3, log)
        let names = SpoolNames.list(spool.incoming)
        let part = try XCTUnwrap(names.first { $0.hasSuffix("-veth.pcap.part") }, "the torn slice stays .part: \(names)")
        XCTAssertTrue(log.contains("cannot write \(spool.incoming.appendingPathComponent(part).path): No space left on device"), log)
        XCTAssertEqual(try Data(contentsOf: spool.incoming.appendingPathComponent("\(closed).pcap")), sample)
        let check = try Tool.run("/usr/bin/sha256sum", ["--check", "--status", "\(closed).pcap.sha256"], in: spool.incoming)
        XCTAssertEqual(check.status, 0, "the closed slice still matches its digest")
        XCTAssertEqual(names.filter { $0.hasPrefix(".") }, [], "no temporary file left: \(names)")
        // What was written before the disk filled is a prefix of the capture: every complete packet
        // reads back (exit 0, or 4 for a torn last one), and nothing after a gap.
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-part-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: out) }
        let slice = try Tool.run(try Tool.binary("process-slice"), [spool.incoming.appendingPathComponent(part).path,
                                                                      "--out", out.path, "--no-progress"])
        XCTAssertTrue([0, 4].contains(slice.status), slice.errorText)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
        let read = try XCTUnwrap((manifest?["counts"] as? [String: Any])?["read"] as? Int)
        XCTAssertGreaterThan(read, 300, "about 1 MiB of 1.4 kB datagrams was written before the disk filled")
        XCTAssertEqual((manifest?["anomalies"] as? [String: Any])?.keys.sorted() ?? [], [], "no packet garbled by a gap")
    }
}

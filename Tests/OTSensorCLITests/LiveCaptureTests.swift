import Foundation
import OTSensorCore
import XCTest

/// `otsensor capture` for real: two network namespaces joined by a veth pair, capture
/// on one end while the other sends UDP and TCP across, files rotated every 2 s.
final class LiveCaptureTests: XCTestCase {
    private var namespaces: [String] = []

    override func tearDown() {
        for namespace in namespaces { _ = try? Tool.run("/usr/sbin/ip", ["netns", "del", namespace]) }
    }

    private func ip(_ arguments: [String]) throws {
        let result = try Tool.run("/usr/sbin/ip", arguments)
        guard result.status == 0 else { throw XCTSkip("ip \(arguments.joined(separator: " ")): \(result.errorText)") }
    }

    /// Two namespaces, `a` (10.213.7.1 on veth a0) and `b` (10.213.7.2 on b0).
    func makeNamespaces() throws -> (a: String, b: String) {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") else {
            XCTFail("MISSING DEBIAN PACKAGE 'iproute2': /usr/sbin/ip not found; run scripts/install-deps.sh --test")
            throw XCTSkip("iproute2 is not installed")
        }
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        let a = "ots-a-\(tag)", b = "ots-b-\(tag)"
        let add = try Tool.run("/usr/sbin/ip", ["netns", "add", a])
        guard add.status == 0 else {
            print("SKIPPED LOUDLY: the kernel refuses network namespaces here (\(add.errorText.trimmingCharacters(in: .whitespacesAndNewlines))); live capture is not tested")
            throw XCTSkip("network namespaces refused: \(add.errorText)")
        }
        namespaces = [a]
        try ip(["netns", "add", b])
        namespaces.append(b)
        try ip(["-n", a, "link", "add", "a0", "type", "veth", "peer", "name", "b0"])
        try ip(["-n", a, "link", "set", "b0", "netns", b])
        try ip(["-n", a, "addr", "add", "10.213.7.1/24", "dev", "a0"])
        try ip(["-n", b, "addr", "add", "10.213.7.2/24", "dev", "b0"])
        for (namespace, device) in [(a, "a0"), (b, "b0")] {
            try ip(["-n", namespace, "link", "set", device, "up"])
            try ip(["-n", namespace, "link", "set", "lo", "up"])
        }
        return (a, b)
    }

    func testSlicesRotateAreRenamedWhenCompleteAndCarryLibpcapCounts() throws {
        let (a, b) = try makeNamespaces()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-capture-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let spool = SpoolLayout(root: root.path)
        // What a capture killed mid-file leaves; the next capture must hand it to run.
        try spool.create()
        let torn = "20200101T000000Z-veth"
        try Data([0xD4, 0xC3, 0xB2, 0xA1]).write(to: spool.incoming.appendingPathComponent("\(torn).pcap.part"))
        let capture = Process()
        capture.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        capture.arguments = ["netns", "exec", a, try Tool.binary("otsensor"), "capture", "--interface", "a0",
                             "--spool", spool.root.path, "--rotate", "2", "--label", "veth"]
        let errors = Pipe()
        capture.standardError = errors
        try capture.run()
        defer { if capture.isRunning { capture.terminate() } }

        // Wait until the first file is open, then send for about 3 s: at least two slots.
        let started = Date()
        while !SpoolNames.list(spool.incoming).contains(where: { $0.hasSuffix("-veth.pcap.part") && !$0.hasPrefix(torn) }) && Date().timeIntervalSince(started) < 10 {
            usleep(50_000)
        }
        let traffic = try Tool.run("/usr/sbin/ip", ["netns", "exec", b, "bash", "-c", """
            for i in $(seq 1 30); do
              echo "datagram $i" > /dev/udp/10.213.7.1/9999
              (exec 3<>/dev/tcp/10.213.7.1/9998) 2>/dev/null || true
              sleep 0.1
            done
            """])
        XCTAssertEqual(traffic.status, 0, traffic.errorText)
        capture.terminate()  // SIGTERM
        capture.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(capture.terminationStatus, 0, log)

        let names = SpoolNames.list(spool.incoming)
        XCTAssertFalse(names.contains { $0.hasSuffix(".part") }, "SIGTERM completed the last file: \(names)")
        XCTAssertTrue(names.contains("\(torn).pcap"), "a .part left by a crash is renamed at start: \(names)")
        let pcaps = names.filter { $0.hasSuffix(".pcap") && $0 != "\(torn).pcap" }
        XCTAssertGreaterThanOrEqual(pcaps.count, 2, "3 s of traffic with --rotate 2: \(names)")
        var written = 0, received: UInt64 = 0
        for pcap in pcaps {
            let id = String(pcap.dropLast(5))
            XCTAssertNotNil(id.range(of: #"^\d{8}T\d{5}[02468]Z-veth$"#, options: .regularExpression), "even-second slot id: \(id)")
            let stats = try CaptureStatistics.decode(Data(contentsOf: spool.incoming.appendingPathComponent("\(id).capture.json")))
            XCTAssertEqual(stats.slice, id)
            XCTAssertEqual(stats.interface, "a0")
            // Each slice's digest beside it, in the form coreutils checks.
            let check = try Tool.run("/usr/bin/sha256sum", ["--check", "--status", spool.incoming.appendingPathComponent("\(pcap).sha256").path],
                                     in: spool.incoming)
            XCTAssertEqual(check.status, 0, "sha256sum --check \(pcap).sha256: \(check.errorText)")
            written += stats.written
            received += stats.received
        }
        // Per slice, written can exceed received: a packet the kernel counted just before a
        // rotation's pcap_stats call is read and written in the next slice. Over all slices,
        // every packet written was received first.
        XCTAssertGreaterThanOrEqual(received, UInt64(written))
        XCTAssertGreaterThanOrEqual(written, 60, "30 datagrams and 30 SYNs at least")

        // The run step turns them into logs that show the traffic, with the counts beside.
        let run = try Tool.otsensor(["run", "--spool", spool.root.path])
        XCTAssertEqual(run.status, 0, run.errorText)
        XCTAssertEqual(SpoolNames.list(spool.quarantine), ["\(torn).pcap", "\(torn).pcap.error.txt"], "4 bytes are no capture")
        // Packets from the originator, summed over the slices: a flow cut by a rotation appears in
        // two slices, and bash's new sockets may draw the same ephemeral port twice (then two
        // datagrams are one UDP connection), so connections are not counted.
        var udpDatagrams = 0, tcpSYNs = 0
        for pcap in pcaps {
            let logs = spool.logDirectory(for: String(pcap.dropLast(5)))
            XCTAssertTrue(FileManager.default.fileExists(atPath: logs.appendingPathComponent("capture.json").path))
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: logs.appendingPathComponent("manifest.json")))
            XCTAssertEqual((((manifest as? [String: Any])?["input"] as? [String: Any])?["files"] as? [[String: Any]])?.first?["sha256_source"] as? String, "sidecar",
                           "run took the digest capture wrote instead of hashing the slice again")
            // run carries open connections to the next slice: they are in conn.log where they end,
            // or in the last slice's conn_long.log when still open.
            var conn = try String(contentsOf: logs.appendingPathComponent("conn.log"), encoding: .utf8)
            if pcap == pcaps.last {
                conn += try String(contentsOf: logs.appendingPathComponent("conn_long.log"), encoding: .utf8)
            }
            for row in conn.split(separator: "\n") where !row.hasPrefix("#") {
                let fields = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard fields.count > 16, fields[2] == "10.213.7.2", fields[4] == "10.213.7.1" else { continue }
                let originatorPackets = Int(fields[16]) ?? 0
                if fields[5] == "9999" && fields[6] == "udp" { udpDatagrams += originatorPackets }
                if fields[5] == "9998" && fields[6] == "tcp" { tcpSYNs += originatorPackets }
            }
        }
        XCTAssertEqual(udpDatagrams, 30, "every datagram is counted once, where its connection ends or is still open")
        XCTAssertEqual(tcpSYNs, 30, "every refused SYN is counted once, where its connection ends or is still open")
    }
}

enum SpoolNames {
    static func list(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }
}

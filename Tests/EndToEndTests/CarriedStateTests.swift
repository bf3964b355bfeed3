import CaptureGenerator
import Foundation
@testable import OTSensorCore
import XCTest

/// `--state`: four one-minute slices of one generated capture stream, analysed
/// one after another with carried state, give the conn.log of one run over
/// the whole capture (Zeek's view of the stream), uids aside.
final class CarriedStateTests: CarriedStateTestCase {
    /// Four minutes of traffic built so that connections cross the slice
    /// boundaries in every way that matters:
    ///   A  TCP 40000→5020, polled every 5 s from 1 s to 220 s, closed with FINs at 221 s
    ///   B  TCP 40001→5020, opened at 100 s, data every 10 s, still open at the end
    ///   C  UDP 7000, a request at 59.9 s and its answer at 60.1 s
    ///   D  UDP 7001 at 30 and 31 s, then the same ports again at 150 s (a new connection)
    ///   E  UDP 7002 at 100 and 110 s, idle after
    ///   F  a short TCP connection in every minute
    ///   G  an ICMP echo request at 119.5 s answered at 120.5 s
    private func writeSlices(into directory: URL) throws -> (whole: URL, slices: [URL]) {
        var packets: [Packet] = []
        var a = TCPConversation(client: "10.0.0.1", clientPort: 40_000, server: "10.0.0.2", serverPort: 5020, clock: at(1))
        a.syn(); a.synAck(); a.markEstablished(); a.ack(from: .client)
        for poll in stride(from: 5.0, through: 220, by: 5) {
            a.clock = at(poll)
            a.send(Array(repeating: 1, count: 20), from: .client)
            a.send(Array(repeating: 2, count: 40), from: .server)
        }
        a.clock = at(221)
        a.fin(from: .client); a.fin(from: .server); a.ack(from: .client)
        packets += a.packets

        var b = TCPConversation(client: "10.0.0.3", clientPort: 40_001, server: "10.0.0.2", serverPort: 5020, clock: at(100))
        b.syn(); b.synAck(); b.markEstablished(); b.ack(from: .client)
        for poll in stride(from: 110.0, through: 235, by: 10) {
            b.clock = at(poll)
            b.send(Array(repeating: 3, count: 10), from: .client)
            b.ack(from: .server)
        }
        packets += b.packets

        var c = UDPExchange(client: "10.0.0.5", clientPort: 7000, server: "10.0.0.6", serverPort: 7000, clock: at(59.9))
        c.send([1, 2, 3], from: .client)
        c.clock = at(60.1)
        c.send([4, 5, 6, 7], from: .server)
        packets += c.packets

        for (seconds, port) in [(30.0, UInt16(7001)), (31, 7001), (150, 7001), (100, 7002), (110, 7002)] {
            var d = UDPExchange(client: "10.0.0.7", clientPort: port, server: "10.0.0.8", serverPort: port,
                                clock: at(seconds))
            d.send([9], from: .client)
            packets += d.packets
        }
        for (k, seconds) in [10.0, 70, 130, 190].enumerated() {
            var f = TCPConversation(client: "10.0.1.1", clientPort: 50_000 + UInt16(k), server: "10.0.0.2",
                                    serverPort: 80, clock: at(seconds))
            f.syn(); f.synAck(); f.markEstablished(); f.ack(from: .client)
            f.send(Array("GET / HTTP/1.0\r\n\r\n".utf8), from: .client)
            f.fin(from: .client); f.fin(from: .server); f.ack(from: .client)
            packets += f.packets
        }
        var g = ICMPEcho(client: "10.0.0.9", server: "10.0.0.2")
        g.path.clock = at(119.5)
        g.request()
        g.path.clock = at(120.5)
        g.reply()
        packets += g.path.packets
        return try write(packets, minutes: 4, into: directory)
    }

    /// The whole capture into `one`, and its slices in order with one state
    /// directory into `out0`...`out3`.
    private func analyseStream(limits: CarriedStateLimits = CarriedStateLimits()) throws
        -> (directory: URL, reports: [SliceReport]) {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (whole, slices) = try writeSlices(into: directory)
        try analyse(whole, out: directory.appendingPathComponent("one"), state: nil)
        let reports = try slices.enumerated().map { k, slice in
            try analyse(slice, out: directory.appendingPathComponent("out\(k)"),
                        state: directory.appendingPathComponent("state"), limits: limits)
        }
        return (directory, reports)
    }

    func testSlicesWithCarriedStateEqualOneRunOverTheWholeCapture() throws {
        let (directory, reports) = try analyseStream()
        let expected = withoutUIDs(try rows(directory.appendingPathComponent("one"), "conn.log"))
        var sliced: [[String]] = []
        for k in 0..<4 { sliced += try rows(directory.appendingPathComponent("out\(k)"), "conn.log") }
        let stillOpen = try rows(directory.appendingPathComponent("out3"), "conn_long.log")
        XCTAssertEqual(withoutUIDs(sliced + stillOpen), expected)
        XCTAssertEqual(expected.count, 11, "A, B, C, two D, E, four F, G")

        // A is written once, in the slice where it closes, from its first packet, with one uid throughout.
        let firstLong = try rows(directory.appendingPathComponent("out0"), "conn_long.log")
        let aUID = try XCTUnwrap(firstLong.first { $0[3] == "40000" }?[1])
        let aRows = sliced.filter { $0[3] == "40000" }
        XCTAssertEqual(aRows.count, 1)
        XCTAssertEqual(aRows.first?[1], aUID)
        XCTAssertEqual(aRows.first?[0], "\(Self.start + 1).000000")
        XCTAssertTrue(try rows(directory.appendingPathComponent("out3"), "conn.log").contains { $0[1] == aUID })
        XCTAssertEqual(stillOpen.map { $0[3] }, ["40001"], "B is the one connection open at the end")

        let states = reports.map { $0.manifest.state }
        XCTAssertEqual(states.map { $0?.loaded }, [0, states[0]?.saved, states[1]?.saved, states[2]?.saved])
        XCTAssertEqual(states.last??.saved, 1)
        XCTAssertTrue(reports.allSatisfy { $0.manifest.warnings.isEmpty }, "\(reports.map(\.manifest.warnings))")
    }

    /// `--layout osect`: a long connection is reported as the existing sensor's
    /// conn_long rows, one per poll (every 60 s from its first packet) at which
    /// it has lasted 60 s, with the counters' increase since the row before and
    /// ts = the poll, then a last row with the traffic after the last poll,
    /// which the shipped sensor lost. Values worked by hand for A (see
    /// `writeSlices`): polls at 61 s (lasted 59.001 s: no row), 121 s and 181 s.
    func testOsectLayoutReportsLongConnectionsPerPollWithoutLosingTheirEnd() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (whole, slices) = try writeSlices(into: directory)
        try analyse(whole, out: directory.appendingPathComponent("one"), state: directory.appendingPathComponent("s1"),
                    format: .osect)
        for (k, slice) in slices.enumerated() {
            try analyse(slice, out: directory.appendingPathComponent("out\(k)"),
                        state: directory.appendingPathComponent("s2"), format: .osect)
        }
        let sliced = try (0..<4).flatMap { try rows(directory.appendingPathComponent("out\($0)"), "conn.log") }
        XCTAssertEqual(withoutUIDs(sliced), withoutUIDs(try rows(directory.appendingPathComponent("one"), "conn.log")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out0/conn_long.log").path))

        let a = sliced.filter { $0[3] == "40000" }.sorted { $0[0] < $1[0] }
        XCTAssertEqual(a.map { $0[0] }.prefix(2), ["\(Self.start + 121).000000", "\(Self.start + 181).000000"])
        // orig_bytes, resp_bytes, orig_pkts, resp_pkts: 24 polls and the handshake by 121 s, then 12 polls,
        // then 8 polls and the FIN exchange.
        XCTAssertEqual(a.map { [$0[9], $0[10], $0[16], $0[18]] },
                       [["480", "960", "26", "25"], ["240", "480", "12", "12"], ["160", "320", "10", "9"]])
        let removed = try XCTUnwrap(Double(try XCTUnwrap(a.last)[0]))
        XCTAssertTrue((Double(Self.start) + 226...Double(Self.start) + 226.01).contains(removed),
                      "the last row at its removal, tcp_close_delay after the FINs: \(removed)")
    }

    func testThreadCountChangesNeitherLogsNorStateFile() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (_, slices) = try writeSlices(into: directory)
        for threads in [1, 2] {
            for (k, slice) in slices.enumerated() {
                try analyse(slice, out: directory.appendingPathComponent("t\(threads)-\(k)"),
                            state: directory.appendingPathComponent("state\(threads)"), threads: threads)
            }
        }
        for k in 0..<4 {
            for log in ["conn.log", "conn_long.log"] {
                XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("t1-\(k)/\(log)")),
                               try Data(contentsOf: directory.appendingPathComponent("t2-\(k)/\(log)")), "slice \(k) \(log)")
            }
        }
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("state1/carried.state")),
                       try Data(contentsOf: directory.appendingPathComponent("state2/carried.state")))
    }

    /// A lost slice is no error: E, idle since 110 s, has timed out when the
    /// slice after the gap starts at 180 s, and is written there with its uid.
    func testConnectionsTimeOutAcrossALostSlice() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (_, slices) = try writeSlices(into: directory)
        let state = directory.appendingPathComponent("state")
        for k in [0, 1, 3] { try analyse(slices[k], out: directory.appendingPathComponent("out\(k)"), state: state) }
        let eUID = try XCTUnwrap(try rows(directory.appendingPathComponent("out1"), "conn_long.log")
            .first { $0[3] == "7002" }?[1])
        let last = try rows(directory.appendingPathComponent("out3"), "conn.log")
        let e = try XCTUnwrap(last.first { $0[1] == eUID })
        XCTAssertEqual(e[0], "\(Self.start + 100).000000")
        XCTAssertEqual(e[8], "10.000000", "E's duration: its packets at 100 s and 110 s")
        XCTAssertTrue(try rows(directory.appendingPathComponent("out3"), "conn_long.log").allSatisfy { $0[1] != eUID })
    }

    /// Two slices of one stream never run at once: the second waits for the
    /// stream's lock (cron starting a minute while the last one runs).
    func testASliceWaitsForTheStreamsLock() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (_, slices) = try writeSlices(into: directory)
        let state = directory.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        var held: SpoolLock? = try XCTUnwrap(SpoolLock.acquire(state.appendingPathComponent("lock")))
        let out = directory.appendingPathComponent("out")
        let process = Process()
        process.executableURL = try EndToEnd.processSliceBinary()
        process.arguments = [slices[0].path, "--out", out.path, "--state", state.path, "--no-progress"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertTrue(process.isRunning, "the slice waits while the stream's lock is held")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        withExtendedLifetime(held) {}
        held = nil
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let manifest = try EndToEnd.readManifest(out)
        let warnings = try XCTUnwrap(manifest["warnings"] as? [String])
        XCTAssertTrue(warnings.contains { $0.hasPrefix("waited ") && $0.contains("another slice of this stream") },
                      "\(warnings)")
    }

    /// A slice killed after writing the stream's next state and before putting it in force
    /// (while its manifest was written, say) left `carried.state.tmp-<pid>`: the next slice of
    /// the stream removes it and says so in its manifest.
    func testTheNextSliceRemovesAStateFileAKilledSliceLeft() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (_, slices) = try writeSlices(into: directory)
        let state = directory.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let leftover = state.appendingPathComponent("carried.state.tmp-\(gone.processIdentifier)")
        try Data("OTSSTATE, cut short".utf8).write(to: leftover)

        let result = try EndToEnd.runProcessSlice([slices[0].path, "--out", "out", "--state", state.path, "--no-progress"],
                                                  in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: state.path).sorted(), ["carried.state", "lock"])
        let warnings = try EndToEnd.readManifest(directory.appendingPathComponent("out"))["warnings"] as? [String] ?? []
        XCTAssertTrue(warnings.contains { $0.hasPrefix("removed \(leftover.path)") }, "\(warnings)")
    }

    private func warnings(_ report: SliceReport) -> String { report.manifest.warnings.joined(separator: "\n") }

    /// Each way a state file can be unusable gives the stateless slice and a
    /// warning that names the reason.
    func testUnusableStateFilesGiveStatelessSlicesWithAWarning() throws {
        let directory = try EndToEnd.makeTemporaryDirectory(for: self)
        let (_, slices) = try writeSlices(into: directory)
        try analyse(slices[1], out: directory.appendingPathComponent("stateless"), state: nil)
        let stateless = try rows(directory.appendingPathComponent("stateless"), "conn.log").map { $0.joined() }.sorted()
        // With --state, the connections open at the end are in conn_long.log instead of conn.log.
        func written(_ name: String) throws -> [String] {
            let out = directory.appendingPathComponent(name)
            return try (rows(out, "conn.log") + rows(out, "conn_long.log")).map { $0.joined() }.sorted()
        }
        let state = directory.appendingPathComponent("state")
        let file = state.appendingPathComponent("carried.state")
        try analyse(slices[0], out: directory.appendingPathComponent("first"), state: state)
        let good = try Data(contentsOf: file)

        var damaged = good
        damaged[damaged.count / 2] ^= 0xFF
        let truncated = good.prefix(12)
        let foreign = try XCTUnwrap(CarriedStateFile.read(directory: state.path, configuration: nil))
        let cases: [(String, () throws -> Void, String)] = [
            ("damaged", { try damaged.write(to: file) }, "does not match its checksum"),
            ("truncated", { try truncated.write(to: file) }, "damaged"),
            ("foreign", {
                try CarriedStateFile(configuration: "otsensor 0.0.1; analyzers none", lastPacket: foreign.lastPacket,
                                     savedAfterInput: foreign.savedAfterInput, records: foreign.records)
                    .write(directory: state.path)
            }, "another otsensor version"),
        ]
        for (name, prepare, reason) in cases {
            try prepare()
            let report = try analyse(slices[1], out: directory.appendingPathComponent(name), state: state)
            XCTAssertTrue(warnings(report).contains(reason), "\(name): \(warnings(report))")
            XCTAssertEqual(report.manifest.state?.started, "without state", name)
            XCTAssertEqual(report.manifest.state?.loaded, 0, name)
            XCTAssertEqual(try written(name), stateless, name)
        }

        // Out of order: the state now follows slice 1; slice 0 starts before its last packet.
        let report = try analyse(slices[0], out: directory.appendingPathComponent("again"), state: state)
        XCTAssertTrue(warnings(report).contains("slices given out of order"), warnings(report))
        XCTAssertEqual(try written("again"), try written("first"))
    }

    /// Past the state file's limit the longest idle connections are written
    /// as if they had ended: nothing is lost, every packet is still counted.
    func testConnectionsPastTheLimitAreWrittenNotLost() throws {
        let (directory, reports) = try analyseStream(limits: CarriedStateLimits(connections: 1))
        XCTAssertTrue(reports.allSatisfy { ($0.manifest.state?.saved ?? 0) <= 1 })
        XCTAssertGreaterThan(reports[0].manifest.state?.evicted ?? 0, 0)
        XCTAssertTrue(warnings(reports[0]).contains("did not fit the state file's limits"), warnings(reports[0]))
        func packets(_ rows: [[String]]) -> Int { rows.reduce(0) { $0 + Int($1[16])! + Int($1[18])! } }
        var sliced: [[String]] = []
        for k in 0..<4 { sliced += try rows(directory.appendingPathComponent("out\(k)"), "conn.log") }
        sliced += try rows(directory.appendingPathComponent("out3"), "conn_long.log")
        XCTAssertEqual(packets(sliced), packets(try rows(directory.appendingPathComponent("one"), "conn.log")))
    }
}

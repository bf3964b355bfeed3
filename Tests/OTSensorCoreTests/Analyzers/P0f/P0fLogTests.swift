import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// p0f-k.log: hand-worked rows from LOGS.md §6.6 (raw_sig rules, window
// multiples, quirks) with Debian's /etc/p0f/p0f.fp, and Debian's p0f binary as
// an oracle for every SYN and SYN+ACK of a capture with many header variants.
final class P0fLogTests: XCTestCase {
    static let clientMAC: EthernetAddress = "02:00:00:00:00:01", serverMAC: EthernetAddress = "02:00:00:00:00:02"

    static func frame(_ payload: any IPPayload, from source: IPv4Address, to destination: IPv4Address, ttl: UInt8 = 64,
                      id: UInt16 = 0x1234, dontFragment: Bool = true, fromClient: Bool = true) -> [UInt8] {
        let link = EthernetLink(source: clientMAC, destination: serverMAC)
        let packet = IPv4Packet(source: source, destination: destination, payload: payload, identification: id, ttl: ttl,
                                dontFragment: dontFragment)
        return (fromClient ? link : link.reversed()).frame(packet.bytes())
    }

    static func linuxSYN(port: UInt16 = 40_000, seq: UInt32 = 1_000) -> TCPSegment {
        TCPSegment(sourcePort: port, destinationPort: 80, sequenceNumber: seq, flags: .syn, window: 29_200,
                   options: [.maximumSegmentSize(1460), .sackPermitted, .timestamps(value: 12_345, echoReply: 0),
                             .noOperation, .windowScale(7)])
    }

    static func linuxSYNACK(port: UInt16 = 40_000, seq: UInt32 = 5_000, ack: UInt32 = 1_001) -> TCPSegment {
        TCPSegment(sourcePort: 80, destinationPort: port, sequenceNumber: seq, acknowledgmentNumber: ack,
                   flags: [.syn, .ack], window: 14_480,
                   options: [.maximumSegmentSize(1460), .sackPermitted, .timestamps(value: 999, echoReply: 12_345),
                             .noOperation, .windowScale(7)])
    }

    /// Debian's p0f package is a dependency (scripts/install-deps.sh): its absence fails the test.
    func requireDatabase() throws {
        struct MissingDatabase: Error, CustomStringConvertible {
            var description: String { "\(P0fDatabase.defaultPath) is missing: run scripts/install-deps.sh --test" }
        }
        guard FileManager.default.fileExists(atPath: P0fDatabase.defaultPath) else { throw MissingDatabase() }
    }

    /// SYN: ttl 64 → `64+0`; 29200 = 20 × MSS 1460 → `mss*20`; DF with IP ID ≠ 0 →
    /// `df,id+`; matches `*:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0` (Linux 3.11 and newer).
    /// SYN+ACK: 14480 is no multiple of 1460, but of 1448 = MSS − 12 (TSval ≠ 0) →
    /// `mss*10`; DF with ID 0 → `df`; matches `*:64:0:*:mss*10,*:mss,sok,ts,nop,ws:df:0`
    /// (Linux 3.x); its MAC is the SYN's destination MAC.
    func testLinuxHandshakeWorkedByHand() throws {
        try requireDatabase()
        let packets = [
            packetAt(0, Self.frame(Self.linuxSYN(), from: "10.0.0.1", to: "10.0.0.2")),
            packetAt(1, Self.frame(Self.linuxSYNACK(), from: "10.0.0.2", to: "10.0.0.1", id: 0, fromClient: false)),
            packetAt(2, Self.frame(Self.linuxSYNACK(), from: "10.0.0.2", to: "10.0.0.1", id: 0, fromClient: false)),
        ]
        let run = try SliceLogHarness.run(packets)
        XCTAssertEqual(run.files["p0f-k.log"], """
            1700000000.000000\tsyn\t10.0.0.1\t02:00:00:00:00:01\tLinux 3.11 and newer\t4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0
            1700000000.001000\tsyn+ack\t10.0.0.2\t02:00:00:00:00:02\tLinux 3.x\t4:64+0:0:1460:mss*10,7:mss,sok,ts,nop,ws:df:0

            """, "style R: rows only; the repeated SYN+ACK gives no line")
        let native = try SliceLogHarness.run(packets, format: .zeekTSV)
        XCTAssertTrue(native.files["p0f-k.log"]!.contains("#path\tp0f\n"))
        XCTAssertTrue(native.files["p0f-k.log"]!.contains("#fields\tts\tmod\tsrc_ip\tsrc_mac\tos\traw_sig\n"))
        XCTAssertEqual(native.lines("p0f-k.log").count, 2)
        try SliceLogHarness.assertThreadIndependent(packets, file: "p0f-k.log")
    }

    /// Options past the header: data offset 6 (4 option bytes) holding NOP, NOP,
    /// then an MSS option whose length byte is the last header byte → parsing
    /// aborts (`bad`); the bytes after the header are payload (`+`); no MSS → `0`.
    /// TTL 200 → distance 55 > 35 → `200+?`; DF clear with ID 0 → `id-`.
    func testOptionsPastTheHeaderLengthAreBadAndPayload() throws {
        try requireDatabase()
        let syn = RawTCPSegment(sourcePort: 40_001, destinationPort: 80, sequenceNumber: 7, dataOffsetWords: 6,
                                flags: 0x02, window: 1024, rest: [1, 1, 2, 4, 0x05, 0xb4, 1, 1])
        let run = try SliceLogHarness.run([
            packetAt(0, Self.frame(syn, from: "10.0.0.1", to: "10.0.0.2", ttl: 200, id: 0, dontFragment: false)),
        ])
        XCTAssertEqual(run.lines("p0f-k.log"), [
            "1700000000.000000\tsyn\t10.0.0.1\t02:00:00:00:00:01\t???\t4:200+?:0:0:1024,0:nop,nop,mss:id-,bad:+",
        ])
    }

    func testMissingDatabaseWarnsAndLabelsUnknown() throws {
        let run = try SliceLogHarness.run([packetAt(0, Self.frame(Self.linuxSYN(), from: "10.0.0.1", to: "10.0.0.2"))],
                                          p0fDatabase: "/nonexistent/p0f.fp")
        XCTAssertEqual(run.rows("p0f-k.log").map { $0[4] }, ["???"])
        XCTAssertTrue(run.warnings.contains { $0.contains("/nonexistent/p0f.fp") && $0.contains("not found") },
                      "\(run.warnings)")
    }

    func testMalformedDatabaseLineIsAnErrorNamingTheLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).fp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "[tcp:request]\nlabel = s:unix:Linux:3.x\nsig = *:64:0:*:mss*20,7:mss,sok,bogus:df:0\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try P0fDatabase.load(path: path)) { error in
            XCTAssertEqual("\(error)", "p0f database \(path) line 3: unrecognized TCP option 'bogus': "
                                       + "sig = *:64:0:*:mss*20,7:mss,sok,bogus:df:0")
        }
        XCTAssertThrowsError(try SliceLogHarness.run([], p0fDatabase: path))
    }

    /// Numbers are ASCII digits only (p0f reads them with `isdigit`), and an
    /// empty field between separators is a field: both are refused as p0f does.
    func testNonASCIIDigitsAndEmptyFieldsAreRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dig-\(UUID().uuidString).fp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (sig, reason) in [("*:64:\u{0664}:*:mss*20,7:mss:df:0", "bogus IP option length"),
                              ("*:\u{0666}4:0:*:mss*20,7:mss:df:0", "bogus initial TTL"),
                              ("*:64:0:*:mss*20,7:mss,,ts:df:0", "unrecognized TCP option ''"),
                              ("*:64:0::*:mss*20,7:mss:df:0", "signature needs 8 ':'-separated fields")] {
            try "[tcp:request]\nlabel = s:unix:Linux:3.x\nsig = \(sig)\n".write(toFile: path, atomically: true,
                                                                                    encoding: .utf8)
            XCTAssertThrowsError(try P0fDatabase.load(path: path), sig) { error in
                XCTAssertTrue("\(error)".contains("line 3: \(reason): sig = \(sig)"), "\(error)")
            }
        }
    }

    /// p0f skips C `isspace` around lines, names and values: tabs, and the CR
    /// of a database saved with CRLF line ends, parse like spaces and LF.
    func testTabsAndCRLFLineEndsParseLikeSpacesAndLF() throws {
        let lines = ["; comment", "[tcp:request]", "label = s:unix:Linux:3.x[1,2,3]",
                     "sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0", "", "[tcp:response]",
                     "label = g:win:Windows:7", "sig = 4:128:0:*:8192,8:mss,nop,ws,sok,ts:df,id+:0"]
        func load(_ text: String) throws -> P0fDatabase {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("ws-\(UUID().uuidString).fp").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            return try P0fDatabase.load(path: path)
        }
        let plain = try load(lines.joined(separator: "\n") + "\n")
        let spaced = try load(lines.map { line in
            "\t " + line.replacingOccurrences(of: " = ", with: "\t=\t") + " \t\r"
        }.joined(separator: "\r\n") + "\r\n")
        XCTAssertEqual(plain.signatureCount, 2)
        XCTAssertEqual(spaced.labels, plain.labels)
        XCTAssertEqual(spaced.labels.map(\.osText), ["Linux 3.x[1,2,3]", "Windows 7"])
        XCTAssertEqual(spaced.signatureCount, plain.signatureCount)
    }

    func testDebianDatabaseParses() throws {
        try requireDatabase()
        let database = try P0fDatabase.load(path: P0fDatabase.defaultPath)
        // Every `sig` line between [tcp:request] and [http:request] (the TCP sections) is kept.
        let text = try String(contentsOfFile: P0fDatabase.defaultPath, encoding: .utf8)
        let sections = text.components(separatedBy: "[http:request]")[0].components(separatedBy: "[tcp:request]")[1]
        XCTAssertEqual(database.signatureCount,
                       sections.split(separator: "\n").filter { $0.hasPrefix("sig") }.count)
        XCTAssertTrue(database.labels.contains { $0.osText == "Linux 3.11 and newer" })
        XCTAssertTrue(database.labels.contains { $0.osText == "Mac OS X" && $0.isGeneric })
    }

    /// LOGS.md §6.6 worked example 3 (appendix C fixture), byte for byte, with a
    /// database holding p0f-k.fp's generic Mac OS X label (appendix B: the
    /// upstream signature, label suffixed `[204,3,0]`).
    func testFixtureRowsEqualLOGSWithP0fKLabels() throws {
        let capture = try ThirdPartyTestData.capture("misc/tcp-port-12345-null-linktype.pcap")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("p0f-k-\(UUID().uuidString).fp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
            ; p0f-k style labels
            [tcp:request]
            label = g:unix:Mac OS X:[204,3,0]
            sig   = *:64:0:*:65535,*:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0
            [tcp:response]
            label = s:unix:Linux:3.x[1201,1,0]
            sig   = *:64:0:*:mss*10,0:mss:df:0

            """.write(toFile: path, atomically: true, encoding: .utf8)
        let database = try P0fDatabase.load(path: path)
        XCTAssertEqual(database.labels.map(\.ruleID), [204, 1201])
        XCTAssertEqual(database.labels.map(\.specificity), [3, 1])
        let run = try SliceLogHarness.run(capture: capture, p0fDatabase: path)
        XCTAssertEqual(run.files["p0f-k.log"], """
            1660296912.550038\tsyn\t0:0:0:0:0:0:0:1\t00:00:00:00:00:00\t???\t6:64+0:0:16324:65535,6:mss,nop,ws,nop,nop,ts,sok,eol+1:flow:0
            1660296912.550192\tsyn\t127.0.0.1\t00:00:00:00:00:00\tMac OS X [204,3,0]\t4:64+0:0:16344:65535,6:mss,nop,ws,nop,nop,ts,sok,eol+1:df:0
            1660296912.551043\tsyn+ack\t127.0.0.1\t00:00:00:00:00:00\t???\t4:64+0:0:16344:65535,6:mss,nop,ws,nop,nop,ts,sok,eol+1:df:0

            """)
        let one = try SliceLogHarness.run(capture: capture, threads: 1, p0fDatabase: path)
        XCTAssertEqual(one.files["p0f-k.log"], run.files["p0f-k.log"], "--threads 1 vs 2")
    }
}

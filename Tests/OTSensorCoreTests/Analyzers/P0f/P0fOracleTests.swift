import CaptureGenerator
import Foundation
import OTSensorCore
import XCTest

// Debian's p0f 3.09b as the oracle: for every SYN and SYN+ACK it logs, the os
// label and raw signature must equal otsensor's p0f-k.log row (same database,
// Debian's /etc/p0f/p0f.fp), and otsensor must log no other handshake.
final class P0fOracleTests: XCTestCase {
    typealias T = P0fLogTests
    static let client: IPv4Address = "10.1.0.1", server: IPv4Address = "10.1.0.2"

    /// A capture exercising the signature fields, quirks, matching and flow rules.
    static func variants() -> [[UInt8]] {
        var frames: [[UInt8]] = []
        func syn(_ segment: any IPPayload, ttl: UInt8 = 64, id: UInt16 = 0x1234, df: Bool = true, tos: UInt8 = 0,
                 ipOptions: [UInt8] = []) {
            var packet = IPv4Packet(source: client, destination: server, payload: segment, identification: id, ttl: ttl,
                                    dontFragment: df)
            packet.tos = tos
            packet.options = ipOptions
            frames.append(EthernetLink(source: T.clientMAC, destination: T.serverMAC).frame(packet.bytes()))
        }
        func synAck(_ segment: any IPPayload, ttl: UInt8 = 64, id: UInt16 = 0, from source: IPv4Address = server,
                    to destination: IPv4Address = client) {
            let packet = IPv4Packet(source: source, destination: destination, payload: segment, identification: id,
                                    ttl: ttl, dontFragment: true)
            frames.append(EthernetLink(source: T.serverMAC, destination: T.clientMAC).frame(packet.bytes()))
        }
        func tcp(_ port: UInt16, seq: UInt32 = 100, ack: UInt32 = 0, flags: TCPSegment.Flags = .syn,
                 window: UInt16 = 65_535, options: [TCPSegment.Option], payload: [UInt8] = [], toServer: Bool = true) -> TCPSegment {
            TCPSegment(sourcePort: toServer ? port : 80, destinationPort: toServer ? 80 : port, sequenceNumber: seq,
                       acknowledgmentNumber: ack, flags: flags, window: window, options: options, payload: payload)
        }
        let windows7: [TCPSegment.Option] = [.maximumSegmentSize(1460), .noOperation, .windowScale(8), .noOperation,
                                             .noOperation, .sackPermitted]
        // Linux handshake, then a Windows 7 one.
        syn(T.linuxSYN(port: 41_000))
        synAck(T.linuxSYNACK(port: 41_000), id: 0)
        syn(tcp(41_001, window: 8192, options: windows7), ttl: 128)
        synAck(tcp(41_001, seq: 9, ack: 101, flags: [.syn, .ack], window: 8192, options: windows7, toServer: false), ttl: 128)
        // TTL 45 (dist 19), ts1- and ts2+, PSH+URG, ECE+CWR, DF clear with ID ≠ 0.
        syn(tcp(41_002, flags: [.syn, .psh, .urg, .ece, .cwr], window: 4096,
                options: [.maximumSegmentSize(1380), .noOperation, .noOperation, .timestamps(value: 0, echoReply: 5)]),
            ttl: 45, df: false)
        // ACK numbers on a SYN: p0f's ack+ test looks at one bit of the first byte only.
        syn(tcp(41_003, ack: 0x0100_0000, options: [.maximumSegmentSize(1460)]))
        syn(tcp(41_004, ack: 5, options: [.maximumSegmentSize(1460)]))
        // seq 0, ECN in TOS, 4 bytes of IP options, TTL 200 (dist > 35).
        syn(tcp(41_005, seq: 0, options: [.maximumSegmentSize(1460)]), ttl: 200, tos: 0x02, ipOptions: [1, 1, 1, 0])
        // EOL with non-zero padding, and with the non-zero byte last (p0f misses that one).
        syn(tcp(41_006, options: [.maximumSegmentSize(1460), .endOfList, .raw([0, 1, 0])]))
        syn(tcp(41_007, options: [.maximumSegmentSize(1460), .endOfList, .raw([0, 0, 1])]))
        // Window scale 15 (exws), a short SACK (bad, parsing stops), an unknown option, a bad MSS length.
        syn(tcp(41_008, options: [.maximumSegmentSize(1460), .windowScale(15)]))
        syn(tcp(41_009, options: [.raw([5, 8, 0, 0, 0, 0, 0, 0]), .maximumSegmentSize(1460)]))
        syn(tcp(41_010, options: [.raw([30, 4, 1, 2]), .maximumSegmentSize(1460)]))
        syn(tcp(41_011, options: [.raw([2, 5, 5, 0xb4]), .noOperation, .noOperation, .noOperation, .noOperation]))
        // SYN with payload; SYN+ACK window a multiple of the SYN's MSS (1000 × 7).
        syn(tcp(41_012, window: 10_000, options: [.maximumSegmentSize(1000)], payload: Array("hello".utf8)))
        synAck(tcp(41_012, seq: 3, ack: 101, flags: [.syn, .ack], window: 7000, options: [.maximumSegmentSize(1460)],
                   toServer: false))
        // SYN+ACK echoing MSS 1331 prints `*`.
        syn(tcp(41_013, options: [.maximumSegmentSize(1460)]))
        synAck(tcp(41_013, seq: 3, ack: 101, flags: [.syn, .ack], options: [.maximumSegmentSize(1331)], toServer: false))
        // Flow rules: a duplicate SYN, a SYN with a new sequence number, a SYN+ACK from
        // the client side, a stray SYN+ACK, a repeated SYN+ACK.
        syn(tcp(41_014, seq: 500, options: [.maximumSegmentSize(1460)]))
        syn(tcp(41_014, seq: 500, options: [.maximumSegmentSize(1460)]))
        syn(tcp(41_014, seq: 900, options: [.maximumSegmentSize(1460)]))
        synAck(tcp(41_014, seq: 7, ack: 901, flags: [.syn, .ack], options: [.maximumSegmentSize(1460)]),
               from: client, to: server)
        synAck(tcp(41_015, seq: 7, ack: 1, flags: [.syn, .ack], options: [.maximumSegmentSize(1460)], toServer: false))
        synAck(tcp(41_014, seq: 7, ack: 901, flags: [.syn, .ack], options: [.maximumSegmentSize(1460)], toServer: false))
        synAck(tcp(41_014, seq: 7, ack: 901, flags: [.syn, .ack], options: [.maximumSegmentSize(1460)], toServer: false))
        // SYN+FIN is a "silly" combination: ignored.
        syn(tcp(41_016, flags: [.syn, .fin], options: [.maximumSegmentSize(1460)]))
        // IPv6 with a flow label: window 1440 × 20 is an IPv6-only multiple.
        var ipv6 = IPv6Packet(source: "2001:db8::1", destination: "2001:db8::2",
                              payload: tcp(41_017, window: 28_800, options: [.maximumSegmentSize(1220), .sackPermitted,
                                                                              .timestamps(value: 1, echoReply: 0),
                                                                              .noOperation, .windowScale(7)]))
        ipv6.flowLabel = 0x12345
        frames.append(EthernetLink(source: T.clientMAC, destination: T.serverMAC).frame(ipv6.bytes()))
        return frames
    }

    func testEveryHandshakeAgreesWithDebianP0f() throws {
        guard FileManager.default.fileExists(atPath: P0fDatabase.defaultPath) else {
            XCTFail("\(P0fDatabase.defaultPath) is missing: run scripts/install-deps.sh --test")
            return
        }
        let packets = Self.variants().enumerated().map { packetAt(Int64($0.offset) * 10, $0.element) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("p0f-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let capture = directory.appendingPathComponent("capture.pcap").path
        try Capture(packets).write(to: capture)
        // 27 frames; no line for the duplicate SYN, the client-side and the stray SYN+ACK,
        // the repeated SYN+ACK and the SYN+FIN.
        try assertAgreesWithP0f(capture: capture, expectedLines: 22)
    }

    /// Hostile headers: random option bytes (often malformed), data offsets,
    /// flag bits, ACK numbers, TTLs and windows on 300 SYNs; p0f must agree on
    /// every line, and nothing may crash.
    func testRandomHeadersAgreeWithDebianP0f() throws {
        guard FileManager.default.fileExists(atPath: P0fDatabase.defaultPath) else {
            XCTFail("\(P0fDatabase.defaultPath) is missing: run scripts/install-deps.sh --test")
            return
        }
        var random = SplitMix64(seed: 0x9E37_79B9)
        let kinds: [UInt8] = [0, 1, 2, 3, 4, 5, 8, 30, 254]
        var packets: [Packet] = []
        for n in 0..<300 {
            let words = random.int(in: 5...15)
            var rest: [UInt8] = []
            for _ in 0..<((words - 5) * 4 + random.int(in: 0...6)) {
                rest.append(random.int(in: 0...2) == 0 ? UInt8(random.int(in: 0...255)) : kinds[random.int(in: 0...8)])
            }
            let flagBits: [UInt8] = [0, 0x08, 0x20, 0x40, 0x80]
            var segment = RawTCPSegment(sourcePort: UInt16(20_000 + n), destinationPort: 80,
                                        sequenceNumber: random.int(in: 0...3) == 0 ? 0 : UInt32(n + 1),
                                        acknowledgmentNumber: UInt32(random.int(in: 0...3)) << 24,
                                        dataOffsetWords: UInt8(words),
                                        flags: 0x02 | flagBits[random.int(in: 0...4)] | flagBits[random.int(in: 0...4)],
                                        window: UInt16(random.int(in: 0...65_535)), rest: rest)
            segment.urgentPointer = random.int(in: 0...4) == 0 ? 1 : 0
            segment.nonceSum = random.int(in: 0...4) == 0
            let packet = IPv4Packet(source: Self.client, destination: Self.server, payload: segment,
                                    identification: UInt16(random.int(in: 0...1)), ttl: UInt8(random.int(in: 1...255)),
                                    dontFragment: random.int(in: 0...1) == 0)
            packets.append(packetAt(Int64(n) * 10, EthernetLink(source: T.clientMAC, destination: T.serverMAC)
                .frame(packet.bytes())))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("p0f-random-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let capture = directory.appendingPathComponent("capture.pcap").path
        try Capture(packets).write(to: capture)
        try assertAgreesWithP0f(capture: capture, expectedLines: nil)
    }

    func testFixtureAgreesWithDebianP0f() throws {
        let capture = try ThirdPartyTestData.capture("misc/tcp-port-12345-null-linktype.pcap")
        try assertAgreesWithP0f(capture: capture, expectedLines: 3)
    }

    private func assertAgreesWithP0f(capture: String, expectedLines: Int?,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try P0fOracle.run(capture: capture)
        let run = try SliceLogHarness.run(capture: capture)
        let actual = run.rows("p0f-k.log").map {
            P0fOracle.Line(mod: $0[1], address: $0[2], os: $0[4], rawSignature: $0[5])
        }
        if let expectedLines {
            XCTAssertEqual(expected.count, expectedLines, "p0f's own line count changed: \(expected)", file: file, line: line)
        } else {
            XCTAssertGreaterThan(expected.count, 100, "p0f fingerprinted too few packets to compare", file: file, line: line)
        }
        XCTAssertEqual(actual.count, expected.count, "otsensor:\n\(actual)\np0f:\n\(expected)", file: file, line: line)
        for (mine, theirs) in zip(actual, expected) {
            XCTAssertEqual(mine, theirs, file: file, line: line)
        }
    }
}

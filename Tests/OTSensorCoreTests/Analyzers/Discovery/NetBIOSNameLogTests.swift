import CaptureGenerator
import OTSensorCore
import XCTest

// netbios-ns.log (LOGS.md §6.9). Expected rows are worked by hand: Name = the
// first 14 decoded bytes without spaces (the 15th is cut), TTL = the
// additional record's TTL, ServiceType = the suffix's name; SrcIP/SrcMAC are the
// connection originator's even when the responder sent the registration.
final class NetBIOSNameLogTests: XCTestCase {
    static let host: HostAddress = "192.168.1.215"
    static let link = EthernetLink(source: "3c:a6:f6:29:43:51", destination: "ff:ff:ff:ff:ff:ff")
    static let mac = "3c:a6:f6:29:43:51"

    static func fromHost(_ payload: [UInt8], at seconds: Double) -> Packet {
        discoveryDatagram(payload, at: seconds, from: host, 137, to: "192.168.3.255", 137, link: link)
    }

    static func registration(_ name: String, _ suffix: UInt8, ttl: UInt32 = 900, group: Bool = false) -> [UInt8] {
        NetBIOSNameMessage.registration(name: name, suffix: suffix, ttl: ttl, group: group, address: "192.168.1.215")
    }

    /// Registration suffixes map to service types; a group name, a query and a
    /// repeat within 60 s add no row; spaces inside a name are removed.
    func testUniqueRegistrationsBecomeRows() throws {
        var responder = UDPExchange(client: Self.host, clientPort: 137, server: "192.168.3.255", serverPort: 137,
                                    link: Self.link, clock: PacketClock(start: discoveryTime(4)))
        let packets = [
            Self.fromHost(Self.registration("MACBOOKAIR-4351", 0x00), at: 0),
            Self.fromHost(Self.registration("MACBOOKAIR-4351", 0x20), at: 0.01),
            Self.fromHost(Self.registration("MACBOOKAIR-4351", 0x20), at: 30),
            Self.fromHost(Self.registration("WORKGROUP", 0x00, group: true), at: 31),
            Self.fromHost(NetBIOSNameMessage.query(name: "WORKGROUP", suffix: 0x1D), at: 32),
            Self.fromHost(Self.registration("PLC 1", 0x1B, ttl: 300), at: 1),
            Self.fromHost(Self.registration("ODD", 0x42, ttl: 0), at: 2),
            responder.send(Self.registration("RESPONDER", 0x00, ttl: 60), from: .server),
        ]
        let run = try DiscoveryHarness.run(packets)
        let prefix = "192.168.1.215\t\(Self.mac)"
        XCTAssertEqual(run.lines("netbios-ns.log"), [
            "\(discoveryTimeText(0))\t\(prefix)\tMACBOOKAIR-435\t900\tWorkstation",
            "\(discoveryTimeText(0.01))\t\(prefix)\tMACBOOKAIR-435\t900\tServer",
            "\(discoveryTimeText(1))\t\(prefix)\tPLC1\t300\tDomain Master Browser",
            "\(discoveryTimeText(2))\t\(prefix)\tODD\t0\tUnknown",
            "\(discoveryTimeText(4))\t\(prefix)\tRESPONDER\t60\tWorkstation",
        ])
        // Two connections (port 137 flows end after 9 s idle, LOGS.md §5.4: the
        // gap from 4 s to 30 s splits them), and the 30 s repeat still folds into
        // the first Server row. `dns` comes from the DNS analyzer, which reads
        // 137/udp beside this one and confirms the messages as DNS, as Zeek does.
        XCTAssertEqual(run.connServices(), ["dns", "dns"])
    }

    /// Decision 8: a name with a character outside A–P, a name that is not a
    /// 32-character encoding without scope, and a registration cut short are
    /// skipped and counted, never written as garbage.
    func testUndecodableRegistrationsAreSkippedAndCounted() throws {
        var invalid = NetBIOSNameMessage.encodedName("BADNAME", suffix: 0)
        invalid[5] = UInt8(ascii: "Z")
        var scoped = NetBIOSNameMessage.encodedName("SCOPED", suffix: 0)
        scoped[33] = 3                                    // a scope label follows instead of the root
        let packets = [
            NetBIOSNameMessage.registration(name: "", suffix: 0, address: "192.168.1.215", encodedName: invalid),
            NetBIOSNameMessage.registration(name: "", suffix: 0, address: "192.168.1.215", encodedName: scoped),
            Array(Self.registration("SHORT", 0).prefix(60)),
            Self.registration("GOOD", 0x20),
        ].enumerated().map { Self.fromHost($1, at: Double($0)) }
        let run = try DiscoveryHarness.run(packets)
        XCTAssertEqual(run.rows("netbios-ns.log").map { $0[3] }, ["GOOD"])
        XCTAssertEqual(run.anomalies("netbios_ns.invalid_name_encoding"), 1)
        XCTAssertEqual(run.anomalies("netbios_ns.name_layout_unsupported"), 1)
        XCTAssertEqual(run.anomalies("netbios_ns.registration_truncated"), 1)
    }

    func testOutputDoesNotDependOnThreads() throws {
        let packets = (0..<12).map { i in
            discoveryDatagram(Self.registration("HOST\(i % 4)", 0x20), at: Double(i) * 9,
                              from: HostAddress(stringLiteral: "10.0.0.\(i % 6 + 1)"), 137, to: "10.0.0.255", 137)
        }
        try DiscoveryHarness.assertThreadIndependent(packets)
    }

    func testTsharkReadsTheSameNamesAndTTLs() throws {
        let packets = [
            Self.fromHost(Self.registration("MACBOOKAIR-4351", 0x00), at: 0),
            Self.fromHost(Self.registration("PLC 1", 0x1B, ttl: 300), at: 1),
            Self.fromHost(Self.registration("WORKGROUP", 0x00, group: true), at: 2),
        ]
        let capture = try DiscoveryTshark.write(packets, for: self)
        let run = try DiscoveryHarness.run(capturePath: capture)
        XCTAssertEqual(run.rows("netbios-ns.log"), try NetBIOSOracle.rows(capture))
    }
}

/// netbios-ns.log rows derived from tshark's nbns dissector and LOGS.md §6.9's rules.
enum NetBIOSOracle {
    static let serviceTypes: [String: String] = [
        "00": "Workstation", "01": "Master Browser", "03": "Messenger", "06": "RAS Server",
        "1b": "Domain Master Browser", "1c": "Domain Controllers", "1d": "Master Browser",
        "1e": "Browser Service Elections", "1f": "NetDDE", "20": "Server", "21": "RAS Client",
        "be": "Network Monitor Agent", "bf": "Network Monitor Application",
    ]

    static func rows(_ capture: String) throws -> [[String]] {
        let frames = try DiscoveryTshark.fields(
            capture, filter: "nbns.flags.opcode == 5 && nbns.flags.response == 0 && nbns.nb_flags.group == 0",
            ["frame.time_epoch", "ip.src", "eth.src", "nbns.name", "nbns.ttl"])
        return DiscoveryTshark.aggregate(frames.map { frame in
            // "NAME<xx>,NAME<xx> (Service)": the question name, then the suffix in hex.
            let question = frame[3].split(separator: ",")[0]
            let open = question.lastIndex(of: "<") ?? question.endIndex
            let name = question[..<open].prefix(14).filter { $0 != " " }
            let suffix = question[open...].dropFirst().prefix(2).lowercased()
            return (frame[0], [frame[1], frame[2], String(name), frame[4], serviceTypes[suffix] ?? "Unknown"])
        })
    }
}

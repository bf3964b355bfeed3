import CaptureGenerator
import OTSensorCore
import XCTest

// dhcpv6.log (LOGS.md §6.11). Expected rows are worked by hand: Hostname =
// option 39 after the flags byte and the first label's length byte, control
// bytes (the other label lengths, the root label) removed; FingerPrint = the
// enterprise number (when not 0) then the option 6 codes; EnterpriseNumber and
// VendorClass from option 16; SrcMAC = the originator's Ethernet address.
final class DHCPv6LogTests: XCTestCase {
    static let hostA: HostAddress = "fe80::8882:5cf6:f2eb:c8b9"
    static let linkA = EthernetLink(source: "00:0c:29:71:12:2e", destination: "33:33:00:01:00:02")
    static let hostB: HostAddress = "fe80::28e4:bf15:6f67:5024"
    static let linkB = EthernetLink(source: "00:0c:29:c2:25:f9", destination: "33:33:00:01:00:02")

    static func solicit(_ options: [DHCPv6Message.Option]) -> [UInt8] {
        DHCPv6Message(messageType: 1, options: [.clientID([0, 1, 0, 1, 0x23, 0x88, 9, 0x19]), .elapsedTime(0)] + options).bytes
    }

    static let windows = solicit([
        .clientFQDN("vagrant-2008R2.happy.crazy"), .vendorClass(enterprise: 311, ["MSFT 5.0"]),
        .optionRequest([24, 23, 17, 39]),
    ])

    static func from(_ host: HostAddress, _ link: EthernetLink, _ payload: [UInt8], at seconds: Double) -> Packet {
        discoveryDatagram(payload, at: seconds, from: host, 546, to: "ff02::1:2", 547, link: link)
    }

    func testClientOptionsBecomeRows() throws {
        let longLabel = String(repeating: "a", count: 33)
        let packets = [
            Self.from(Self.hostA, Self.linkA, Self.windows, at: 0),
            Self.from(Self.hostA, Self.linkA, Self.windows, at: 1),
            // 63 s after the entry's creation: a new entry (the README's third row).
            Self.from(Self.hostA, Self.linkA, Self.windows, at: 63),
            Self.from(Self.hostB, Self.linkB, Self.solicit([.optionRequest([23, 24])]), at: 5),
            // Enterprise 0: neither number nor fingerprint; an FQDN of only the root label is unset.
            Self.from(Self.hostB, Self.linkB, Self.solicit([.vendorClass(enterprise: 0, ["x"]), .clientFQDN("")]), at: 10),
            // A label of 33 characters keeps its length byte 0x21, printable `!`.
            Self.from(Self.hostB, Self.linkB, Self.solicit([.clientFQDN("h.\(longLabel)")]), at: 20),
            // A server's reply goes to port 546: not logged.
            discoveryDatagram(DHCPv6Message(messageType: 7, options: [.clientFQDN("server.example")]).bytes, at: 25,
                              from: "fe80::1", 547, to: Self.hostA, 546),
            // A relay agent's RELAY-FORW: 34-byte header, the relay is the originator.
            discoveryDatagram(DHCPv6Message.relayForward(linkAddress: "2001:db8::1", peerAddress: "fe80::9",
                                                         options: [.clientFQDN("relay.example")]),
                              at: 30, from: "2001:db8::1", 547, to: "2001:db8::547", 547),
        ]
        let run = try DiscoveryHarness.run(packets)
        let a = "fe80::8882:5cf6:f2eb:c8b9\t00:0c:29:71:12:2e", b = "fe80::28e4:bf15:6f67:5024\t00:0c:29:c2:25:f9"
        XCTAssertEqual(run.lines("dhcpv6.log"), [
            "\(discoveryTimeText(0))\t\(a)\tvagrant-2008R2happycrazy\t311,24,23,17,39\t311\tMSFT 5.0",
            "\(discoveryTimeText(5))\t\(b)\t-\t23,24\t-\t-",
            "\(discoveryTimeText(10))\t\(b)\t-\t-\t-\tx",
            "\(discoveryTimeText(20))\t\(b)\th!\(longLabel)\t-\t-\t-",
            "\(discoveryTimeText(30))\t2001:db8::1\t02:00:00:00:00:01\trelayexample\t-\t-\t-",
            "\(discoveryTimeText(63))\t\(a)\tvagrant-2008R2happycrazy\t311,24,23,17,39\t311\tMSFT 5.0",
        ])
    }

    /// Option 39 shorter than 2, option 16 shorter than 6 (the original's
    /// unsigned underflow), an option running past the datagram, an odd-length
    /// option 6 and a cut header: each message is skipped and counted.
    func testMalformedMessagesAreSkippedAndCounted() throws {
        let bad: [[UInt8]] = [
            Self.solicit([DHCPv6Message.Option(code: 39, data: [0])]),
            Self.solicit([DHCPv6Message.Option(code: 16, data: [0, 0, 1, 55, 0])]),
            Self.solicit([DHCPv6Message.Option(code: 39, length: 100, data: [0, 4] + Array("host".utf8))]),
            Self.solicit([DHCPv6Message.Option(code: 6, data: [0, 23, 0])]),
            [1, 0xC8],
        ]
        let packets = (bad + [Self.windows]).enumerated().map { Self.from(Self.hostA, Self.linkA, $1, at: Double($0)) }
        let run = try DiscoveryHarness.run(packets)
        XCTAssertEqual(run.rows("dhcpv6.log").map { $0[0] }, [discoveryTimeText(5)])
        XCTAssertEqual(run.anomalies("dhcpv6.client_fqdn_length_under_2"), 1)
        XCTAssertEqual(run.anomalies("dhcpv6.vendor_class_length_under_6"), 1)
        XCTAssertEqual(run.anomalies("dhcpv6.option_truncated"), 1)
        XCTAssertEqual(run.anomalies("dhcpv6.option_request_odd_length"), 1)
        XCTAssertEqual(run.anomalies("dhcpv6.truncated_header"), 1)
    }

    func testOutputDoesNotDependOnThreads() throws {
        let packets = (0..<12).map { i in
            discoveryDatagram(Self.solicit([.clientFQDN("host\(i % 4).plant"), .optionRequest([23, UInt16(i % 3)])]),
                              at: Double(i) * 9, from: HostAddress(stringLiteral: "fe80::\(i % 5 + 1)"), 546,
                              to: "ff02::1:2", 547)
        }
        try DiscoveryHarness.assertThreadIndependent(packets)
    }

    func testTsharkReadsTheSameOptions() throws {
        let packets = [
            Self.from(Self.hostA, Self.linkA, Self.windows, at: 0),
            Self.from(Self.hostB, Self.linkB, Self.solicit([.optionRequest([23, 24]), .clientFQDN("plc-7.line2")]), at: 1),
            Self.from(Self.hostB, Self.linkB, Self.solicit([.vendorClass(enterprise: 4_491, ["docsis3.0"])]), at: 2),
        ]
        let capture = try DiscoveryTshark.write(packets, for: self)
        let run = try DiscoveryHarness.run(capturePath: capture)
        let expected = try DHCPv6Oracle.rows(capture)
        XCTAssertEqual(expected.count, 3)
        XCTAssertEqual(run.rows("dhcpv6.log"), expected)
    }
}

/// dhcpv6.log rows derived from tshark's dhcpv6 dissector and LOGS.md §6.11's
/// rules (labels shorter than 32 characters, so removing the dots of tshark's
/// name gives the logged concatenation).
enum DHCPv6Oracle {
    static func rows(_ capture: String) throws -> [[String]] {
        let frames = try DiscoveryTshark.fields(capture, filter: "dhcpv6 && udp.dstport == 547", [
            "frame.time_epoch", "ipv6.src", "eth.src", "dhcpv6.client_domain", "dhcpv6.requested_option_code",
            "dhcpv6.vendorclass.enterprise", "dhcpv6.vendorclass.data",
        ])
        return DiscoveryTshark.aggregate(frames.map { f in
            let hostname = f[3].filter { $0 != "." }
            let enterprise = f[5] == "0" ? "" : f[5]
            let fingerprint = [enterprise, f[4]].filter { !$0.isEmpty }.joined(separator: ",")
            return (f[0], [f[1], f[2], hostname.isEmpty ? "-" : hostname, fingerprint.isEmpty ? "-" : fingerprint,
                           enterprise.isEmpty ? "-" : enterprise, f[6].isEmpty ? "-" : f[6]])
        })
    }
}

import CaptureGenerator
import OTSensorCore
import XCTest

// dhcp2.log (LOGS.md §6.8). Expected rows are worked by hand from the field
// rules: SrcIP = id.orig_h, SrcMAC = chaddr's first hlen bytes, Hostname =
// option 12 without control characters, ParameterList = option 55 in wire
// order, ClassId = option 60; one row per distinct tuple, ts = first seen.
final class DHCPLogTests: XCTestCase {
    static let chaddr: [UInt8] = [0x32, 0x05, 0x33, 0x83, 0xB1, 0xE7]
    static let parameters: [UInt8] = [1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252]
    static let client = EthernetLink(source: "32:05:33:83:b1:e7", destination: "ff:ff:ff:ff:ff:ff")

    static func windowsClient(type: UInt8, hostname: String = "DESKTOP-QVGI2E4") -> [UInt8] {
        DHCPMessage(hardwareAddress: chaddr, options: [
            .messageType(type), .clientID(type: 1, chaddr), .hostname(hostname),
            .classID("MSFT 5.0"), .parameterRequestList(parameters),
        ]).bytes
    }

    static func toServer(_ payload: [UInt8], at seconds: Double, from source: HostAddress = "0.0.0.0",
                         to server: HostAddress = "255.255.255.255") -> Packet {
        discoveryDatagram(payload, at: seconds, from: source, 68, to: server, 67, link: client)
    }

    /// The README example's two rows (LOGS.md §6.8), rebuilt: DISCOVER and
    /// REQUEST from 0.0.0.0 fold into one row; the server's OFFER (a reply, on
    /// the responder side after the port-67 flip) writes nothing; a unicast
    /// renewal from the leased address is a second key. Its hostname ends in NUL,
    /// which is removed, so only SrcIP differs.
    func testClientMessagesAggregateAndServerRepliesAreNotLogged() throws {
        let offer = DHCPMessage(hardwareAddress: Self.chaddr, options: [.messageType(2), .hostname("server-side")])
        var reply = offer
        reply.op = 2
        let packets = [
            Self.toServer(Self.windowsClient(type: 1), at: 0),
            discoveryDatagram(reply.bytes, at: 0.5, from: "192.168.0.1", 67, to: "255.255.255.255", 68),
            Self.toServer(Self.windowsClient(type: 3), at: 1),
            Self.toServer(Self.windowsClient(type: 3, hostname: "DESKTOP-QVGI2E4\u{0}"), at: 30,
                          from: "192.168.0.28", to: "192.168.0.1"),
        ]
        let run = try DiscoveryHarness.run(packets)
        let list = "1,3,6,15,31,33,43,44,46,47,119,121,249,252"
        XCTAssertEqual(run.lines("dhcp2.log"), [
            "\(discoveryTimeText(0))\t0.0.0.0\t32:05:33:83:b1:e7\tDESKTOP-QVGI2E4\t\(list)\tMSFT 5.0",
            "\(discoveryTimeText(30))\t192.168.0.28\t32:05:33:83:b1:e7\tDESKTOP-QVGI2E4\t\(list)\tMSFT 5.0",
        ])
        // Zeek's DHCP analyzer confirms on every parsed message: all three flows show `dhcp`.
        XCTAssertEqual(run.connServices(), ["dhcp", "dhcp", "dhcp"])
    }

    /// hlen 0 → SrcMAC `(empty)`; no options 12/60 → `-`; option 55 of length 0
    /// → `(empty)`; an option list without END is still read to the datagram's end.
    func testEmptyAndAbsentValues() throws {
        var message = DHCPMessage(hardwareAddress: [], options: [.messageType(8), .parameterRequestList([])])
        message.endsWithEnd = false
        let run = try DiscoveryHarness.run([Self.toServer(message.bytes, at: 2, from: "10.1.2.3", to: "10.1.2.1")])
        XCTAssertEqual(run.lines("dhcp2.log"), ["\(discoveryTimeText(2))\t10.1.2.3\t(empty)\t-\t(empty)\t-"])
        // Without END, Zeek's binpac grammar runs out of data: no `dhcp` service.
        XCTAssertEqual(run.connServices(), ["-"])
    }

    /// Option 12 is UTF-8-decoded (an invalid byte becomes U+FFFD, our answer
    /// to LOGS.md §8.7) and loses its control bytes; option 60 keeps them. The
    /// writer escapes every non-printable byte (§3.4).
    func testTextOptionsAreDecodedAndEscaped() throws {
        let message = DHCPMessage(hardwareAddress: Self.chaddr, options: [
            DHCPMessage.Option(code: 12, data: [0x41, 0xFF, 0x01, 0x42]), .classID("MSFT\t5"),
        ])
        let run = try DiscoveryHarness.run([Self.toServer(message.bytes, at: 0)])
        XCTAssertEqual(run.lines("dhcp2.log"),
                       ["\(discoveryTimeText(0))\t0.0.0.0\t32:05:33:83:b1:e7\tA\\xef\\xbf\\xbdB\t-\tMSFT\\x095"])
    }

    /// Option 53 is read with its standard size (1) whatever its length byte
    /// says (3 here), so the bytes after it are read as the next options: 12,
    /// length 2, "hi" (LOGS.md §6.8 "Caution").
    func testFixedSizeOptionsIgnoreTheirLengthByte() throws {
        let message = DHCPMessage(hardwareAddress: Self.chaddr, options: [
            DHCPMessage.Option(code: 53, length: 3, data: [1, 12, 2, 0x68, 0x69]),
        ])
        let run = try DiscoveryHarness.run([Self.toServer(message.bytes, at: 0)])
        XCTAssertEqual(run.lines("dhcp2.log"), ["\(discoveryTimeText(0))\t0.0.0.0\t32:05:33:83:b1:e7\thi\t-\t-"])
    }

    /// Each malformed message is rejected whole and counted by reason; none
    /// writes a row and none stops the good message after them from being logged.
    func testMalformedMessagesAreSkippedAndCounted() throws {
        var badCookie = DHCPMessage(hardwareAddress: Self.chaddr, options: [.hostname("cookie")])
        badCookie.magicCookie = 0x6382_5364
        var longHardwareAddress = DHCPMessage(hardwareAddress: Self.chaddr, options: [.hostname("hlen")])
        longHardwareAddress.hardwareAddressLength = 17
        var pastTheEnd = DHCPMessage(hardwareAddress: Self.chaddr, options: [
            DHCPMessage.Option(code: 12, length: 40, data: Array("short".utf8)),
        ])
        pastTheEnd.endsWithEnd = false
        var unterminated = DHCPMessage(hardwareAddress: Self.chaddr, options: [.hostname("cut")])
        unterminated.endsWithEnd = false
        let cutAfterCode = unterminated.bytes + [55]           // an option code with no length byte
        let underflow = DHCPMessage(hardwareAddress: Self.chaddr, options: [DHCPMessage.Option(code: 61, data: [])])
        let header = Array(Self.windowsClient(type: 1).prefix(200))
        let packets = [badCookie.bytes, longHardwareAddress.bytes, pastTheEnd.bytes, cutAfterCode, underflow.bytes,
                       header, Self.windowsClient(type: 1)]
            .enumerated().map { Self.toServer($1, at: Double($0)) }
        let run = try DiscoveryHarness.run(packets)
        XCTAssertEqual(run.rows("dhcp2.log").map { $0[3] }, ["DESKTOP-QVGI2E4"])
        XCTAssertEqual(run.anomalies("dhcp.bad_magic_cookie"), 1)
        XCTAssertEqual(run.anomalies("dhcp.hlen_over_16"), 1)
        XCTAssertEqual(run.anomalies("dhcp.option_truncated"), 2)
        XCTAssertEqual(run.anomalies("dhcp.option_length_underflow"), 1)
        XCTAssertEqual(run.anomalies("dhcp.truncated_header"), 1)
    }

    func testOutputDoesNotDependOnThreads() throws {
        let packets = (0..<12).map { i in
            Self.toServer(Self.windowsClient(type: 1, hostname: "host-\(i % 5)"), at: Double(i) * 7,
                          from: HostAddress(stringLiteral: "10.0.0.\(i + 1)"), to: "10.0.0.254")
        }
        try DiscoveryHarness.assertThreadIndependent(packets)
    }

    /// tshark's dhcp dissector reads the same chaddr, hostname, option 55 and
    /// option 60 from every message we log.
    func testTsharkReadsTheSameValues() throws {
        let packets = [
            Self.toServer(Self.windowsClient(type: 1), at: 0),
            Self.toServer(Self.windowsClient(type: 3, hostname: "PLC-ENG-7"), at: 1, from: "10.0.0.7", to: "10.0.0.1"),
        ]
        let capture = try DiscoveryTshark.write(packets, for: self)
        let oracle = try DiscoveryTshark.fields(capture, filter: "dhcp", [
            "frame.time_epoch", "ip.src", "dhcp.hw.mac_addr", "dhcp.option.hostname",
            "dhcp.option.request_list_item", "dhcp.option.vendor_class_id",
        ])
        // dhcp.hw.mac_addr also names option 61's address: chaddr is the first.
        let expected = DiscoveryTshark.aggregate(oracle.map { f in
            (f[0], [f[1], String(f[2].split(separator: ",")[0])] + f[3...])
        })
        let run = try DiscoveryHarness.run(capturePath: capture)
        XCTAssertEqual(expected.count, 2)
        XCTAssertEqual(run.rows("dhcp2.log"), expected)
    }
}

import CaptureGenerator
import OTSensorCore
import XCTest

// mswin-browser.log (LOGS.md §6.10). Expected rows are worked by hand:
// OSVersion/BrowserVersion `major.minor` in decimal, ServerType `0x` + the
// little-endian value without leading zeros, Signature `0x` + hex(b1) +
// hex(b0), ServerName/HostComment without control bytes (a lone NUL comment
// is `(empty)`).
final class BrowserLogTests: XCTestCase {
    static let host: IPv4Address = "192.168.1.35"
    static let link = EthernetLink(source: "08:00:27:b9:d0:0a", destination: "ff:ff:ff:ff:ff:ff")

    static func fromHost(_ datagram: BrowserDatagram, at seconds: Double) -> Packet {
        discoveryDatagram(datagram.bytes, at: seconds, from: .v4(host), 138, to: "192.168.1.255", 138, link: link)
    }

    static func announcement(_ opcode: UInt8 = 0x01, serverType: UInt32 = 0x1003) -> BrowserDatagram {
        var datagram = BrowserDatagram(serverName: "SNG-WIN2K", sourceAddress: host)
        datagram.opcode = opcode
        datagram.serverType = serverType
        return datagram
    }

    static var unusual: BrowserDatagram {
        var datagram = BrowserDatagram(serverName: "PLC\u{1}A", sourceAddress: host)
        datagram.osVersion = (10, 0)
        datagram.browserVersion = (1, 15)
        datagram.serverType = 0
        datagram.signature = [0x01, 0x02]
        datagram.comment = Array("PLC cell\t3\0".utf8)
        return datagram
    }

    /// Host and Local Master Announcements become rows; a Request Announcement
    /// (opcode 2), another mailslot of the same length and a repeat within 60 s
    /// add none.
    func testAnnouncementsBecomeRows() throws {
        var lanman = Self.announcement()
        lanman.mailslot = "\\MAILSLOT\\LANMAN"
        let packets = [
            Self.fromHost(Self.announcement(), at: 0),
            Self.fromHost(Self.announcement(0x02), at: 3),
            Self.fromHost(Self.announcement(0x0F, serverType: 0x0005_1003), at: 30),
            Self.fromHost(Self.announcement(), at: 40),
            Self.fromHost(lanman, at: 41),
            Self.fromHost(Self.unusual, at: 50),
        ]
        let run = try DiscoveryHarness.run(packets)
        let prefix = "192.168.1.35\t08:00:27:b9:d0:0a"
        XCTAssertEqual(run.lines("mswin-browser.log"), [
            "\(discoveryTimeText(0))\t\(prefix)\tSNG-WIN2K\t5.0\t0x1003\t15.1\t0xaa55\t(empty)",
            "\(discoveryTimeText(30))\t\(prefix)\tSNG-WIN2K\t5.0\t0x51003\t15.1\t0xaa55\t(empty)",
            "\(discoveryTimeText(50))\t\(prefix)\tPLCA\t10.0\t0x0\t1.15\t0x0201\tPLC cell3",
        ])
        XCTAssertEqual(run.connServices(), ["-"])
    }

    /// An announcement cut before its fixed fields end is counted, not logged.
    func testTruncatedAnnouncementIsSkippedAndCounted() throws {
        let cut = Array(Self.announcement().bytes.prefix(190))
        let packets = [
            discoveryDatagram(cut, at: 0, from: .v4(Self.host), 138, to: "192.168.1.255", 138, link: Self.link),
            Self.fromHost(Self.announcement(), at: 1),
        ]
        let run = try DiscoveryHarness.run(packets)
        XCTAssertEqual(run.rows("mswin-browser.log").map { $0[0] }, [discoveryTimeText(1)])
        XCTAssertEqual(run.anomalies("mswin_browser.announcement_truncated"), 1)
    }

    func testOutputDoesNotDependOnThreads() throws {
        let packets = (0..<12).map { i in
            var datagram = BrowserDatagram(serverName: "HOST\(i % 3)", sourceAddress: IPv4Address(10, 0, 0, UInt8(i % 5 + 1)))
            datagram.serverType = UInt32(i % 2)
            return discoveryDatagram(datagram.bytes, at: Double(i) * 8, from: .v4(datagram.sourceAddress), 138,
                                     to: "10.0.0.255", 138)
        }
        try DiscoveryHarness.assertThreadIndependent(packets)
    }

    func testTsharkReadsTheSameAnnouncements() throws {
        var comment = Self.announcement(0x0F, serverType: 0x0084_1003)
        comment.comment = Array("engineering\0".utf8)
        let packets = [Self.fromHost(Self.announcement(), at: 0), Self.fromHost(comment, at: 1),
                       Self.fromHost(Self.announcement(0x02), at: 2)]
        let capture = try DiscoveryTshark.write(packets, for: self)
        let run = try DiscoveryHarness.run(capturePath: capture)
        let expected = try BrowserOracle.rows(capture)
        XCTAssertEqual(expected.count, 2)
        XCTAssertEqual(run.rows("mswin-browser.log"), expected)
    }
}

/// mswin-browser.log rows derived from tshark's browser dissector and LOGS.md §6.10's formats.
enum BrowserOracle {
    static func rows(_ capture: String) throws -> [[String]] {
        let frames = try DiscoveryTshark.fields(capture, filter: "browser.command == 0x01 || browser.command == 0x0f", [
            "frame.time_epoch", "ip.src", "eth.src", "browser.server", "browser.os_major", "browser.os_minor",
            "browser.server_type", "browser.proto_major", "browser.proto_minor", "browser.sig", "browser.comment",
        ])
        return DiscoveryTshark.aggregate(frames.map { f in
            let serverType = UInt32(f[6].dropFirst(2), radix: 16).map { "0x" + String($0, radix: 16) } ?? f[6]
            return (f[0], [f[1], f[2], f[3], "\(f[4]).\(f[5])", serverType, "\(f[7]).\(f[8])", f[9],
                           f[10].isEmpty ? "(empty)" : f[10]])
        })
    }
}

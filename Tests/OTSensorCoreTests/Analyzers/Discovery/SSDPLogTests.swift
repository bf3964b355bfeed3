import CaptureGenerator
import OTSensorCore
import XCTest

// ssdp.log (LOGS.md §6.12). Expected rows are worked by hand: Method from the
// exact start line, SERVER (NOTIFY, 200 OK) or USER-AGENT (M-SEARCH) from the
// last header line whose part up to its first space, upper-cased, is the
// header name with `: `; only originator datagrams to port 1900 count.
final class SSDPLogTests: XCTestCase {
    static let device = EthernetLink(source: "dc:72:23:56:9a:d1", destination: "01:00:5e:7f:ff:fa")
    static let searcher = EthernetLink(source: "14:da:e9:cd:9f:0c", destination: "01:00:5e:7f:ff:fa")
    static let server = "Linux/4.14.76+ UPnP/1.0 CyberLinkJava/1.8"

    static func multicast(_ payload: [UInt8], at seconds: Double, from host: HostAddress, _ port: UInt16,
                          link: EthernetLink = EthernetLink()) -> Packet {
        discoveryDatagram(payload, at: seconds, from: host, port, to: "239.255.255.250", 1900, link: link)
    }

    func testMessagesBecomeRows() throws {
        var search = UDPExchange(client: "192.168.1.130", clientPort: 40_387, server: "239.255.255.250",
                                 serverPort: 1900, link: Self.searcher, clock: PacketClock(start: discoveryTime(10)))
        search.send(SSDPDatagram.search(userAgent: nil), from: .client)
        let headerRules = Array("NOTIFY * HTTP/1.1\r\nServer: first\r\nSERVER:nospace\r\nsErVeR:   last\r\n\r\n".utf8)
        let packets = search.packets + [
            Self.multicast(SSDPDatagram.notify(server: Self.server), at: 0, from: "192.168.1.131", 32_876, link: Self.device),
            // The same device from another source port: another flow, the same row.
            Self.multicast(SSDPDatagram.notify(server: Self.server), at: 5, from: "192.168.1.131", 41_428, link: Self.device),
            // The unicast 200 OK back to the searcher's port: its own flow towards 40387, not logged.
            discoveryDatagram(SSDPDatagram.searchResponse(server: "Router/1.0"), at: 10.5, from: "192.168.1.1", 1900,
                              to: "192.168.1.130", 40_387),
            Self.multicast(SSDPDatagram.search(userAgent: "Google Chrome/106.0.5249.119 Linux"), at: 11,
                           from: "192.168.1.130", 45_784, link: Self.searcher),
            Self.multicast(SSDPDatagram.notify(server: nil), at: 12, from: "192.168.1.140", 50_000),
            Self.multicast(Array("notify * HTTP/1.1\r\nserver: x\r\n\r\n".utf8), at: 13, from: "192.168.1.141", 50_000),
            Self.multicast(headerRules, at: 14, from: "192.168.1.142", 50_000),
            // A searcher using source port 1900 gets its response on a flow towards 1900: logged.
            discoveryDatagram(SSDPDatagram.searchResponse(server: "Router/1.0"), at: 15, from: "192.168.1.1", 1900,
                              to: "192.168.1.150", 1900),
        ]
        let run = try DiscoveryHarness.run(packets)
        let mac = "02:00:00:00:00:01"
        XCTAssertEqual(run.lines("ssdp.log"), [
            "\(discoveryTimeText(0))\t192.168.1.131\tdc:72:23:56:9a:d1\tNOTIFY\t\(Self.server)",
            "\(discoveryTimeText(10))\t192.168.1.130\t14:da:e9:cd:9f:0c\tM-SEARCH Request\t-",
            "\(discoveryTimeText(11))\t192.168.1.130\t14:da:e9:cd:9f:0c\tM-SEARCH Request\tGoogle Chrome/106.0.5249.119 Linux",
            "\(discoveryTimeText(12))\t192.168.1.140\t\(mac)\tNOTIFY\t-",
            "\(discoveryTimeText(13))\t192.168.1.141\t\(mac)\t-\t-",
            "\(discoveryTimeText(14))\t192.168.1.142\t\(mac)\tNOTIFY\t  last",
            "\(discoveryTimeText(15))\t192.168.1.1\t\(mac)\tM-SEARCH Response\tRouter/1.0",
        ])
    }

    /// The same host's NOTIFYs from 16 source ports are 16 flows spread over
    /// shards; aggregation across shards still gives one row, whatever --threads.
    func testOneHostFromManySourcePortsIsOneRow() throws {
        let packets = (0..<16).map { i in
            Self.multicast(SSDPDatagram.notify(server: Self.server), at: Double(i), from: "192.168.1.131",
                           UInt16(32_000 + 101 * i), link: Self.device)
        }
        let expected = ["\(discoveryTimeText(0))\t192.168.1.131\tdc:72:23:56:9a:d1\tNOTIFY\t\(Self.server)"]
        XCTAssertEqual(try DiscoveryHarness.run(packets, threads: 1).lines("ssdp.log"), expected)
        XCTAssertEqual(try DiscoveryHarness.run(packets, threads: 2).lines("ssdp.log"), expected)
        try DiscoveryHarness.assertThreadIndependent(packets)
    }

    /// A datagram whose last line has no CR LF, or no bytes at all, is
    /// rejected and counted; a parsed one confirms `spicy_ssdp` on its flow.
    func testUnterminatedDatagramsAreSkippedAndParsedOnesConfirmTheService() throws {
        let packets = [
            Self.multicast(SSDPDatagram.notify(server: "ok"), at: 0, from: "10.0.0.1", 50_000),
            Self.multicast(Array("NOTIFY * HTTP/1.1\r\nSERVER: cut".utf8), at: 1, from: "10.0.0.2", 50_000),
            Self.multicast([], at: 2, from: "10.0.0.3", 50_000),
        ]
        let run = try DiscoveryHarness.run(packets)
        XCTAssertEqual(run.rows("ssdp.log").map { $0[1] }, ["10.0.0.1"])
        XCTAssertEqual(run.anomalies("ssdp.line_without_crlf"), 1)
        XCTAssertEqual(run.anomalies("ssdp.empty_datagram"), 1)
        XCTAssertEqual(run.connServices(), ["spicy_ssdp", "-", "-"])
    }

    /// The osect layout frames the discovery logs Z1: one `#` line, the rows,
    /// no trailer; a log without rows is an empty file (LOGS.md §2.2).
    func testOsectLayoutIsZ1() throws {
        let packets = [Self.multicast(SSDPDatagram.notify(server: "ok"), at: 0, from: "10.0.0.1", 50_000)]
        let run = try DiscoveryHarness.run(packets, format: .osect)
        XCTAssertEqual(run.texts["ssdp.log"], "#\n\(discoveryTimeText(0))\t10.0.0.1\t02:00:00:00:00:01\tNOTIFY\tok\n")
        for empty in ["dhcp2.log", "netbios-ns.log", "mswin-browser.log", "dhcpv6.log"] {
            XCTAssertEqual(run.texts[empty], "", "\(empty) should be 0 bytes")
        }
    }

    func testTsharkReadsTheSameHeaders() throws {
        let packets = [
            Self.multicast(SSDPDatagram.notify(server: Self.server), at: 0, from: "192.168.1.131", 32_876, link: Self.device),
            Self.multicast(SSDPDatagram.search(userAgent: "Chrome"), at: 1, from: "192.168.1.130", 45_784),
            Self.multicast(SSDPDatagram.search(userAgent: nil), at: 2, from: "192.168.1.130", 45_785),
        ]
        let capture = try DiscoveryTshark.write(packets, for: self)
        let run = try DiscoveryHarness.run(capturePath: capture)
        let expected = try SSDPOracle.rows(capture)
        XCTAssertEqual(expected.count, 3)
        XCTAssertEqual(run.rows("ssdp.log"), expected)
    }
}

/// ssdp.log rows derived from tshark's HTTP-over-UDP (SSDP) dissection and LOGS.md §6.12's rules.
enum SSDPOracle {
    static func rows(_ capture: String) throws -> [[String]] {
        let frames = try DiscoveryTshark.fields(capture, filter: "ssdp && udp.dstport == 1900", [
            "frame.time_epoch", "ip.src", "eth.src", "http.request.method", "http.request.uri",
            "http.request.version", "http.response.code", "http.server", "http.user_agent",
        ])
        return DiscoveryTshark.aggregate(frames.map { f in
            let method: String, agent: String
            switch (f[3], f[4], f[5], f[6]) {
            case ("NOTIFY", "*", "HTTP/1.1", _): (method, agent) = ("NOTIFY", f[7])
            case ("M-SEARCH", "*", "HTTP/1.1", _): (method, agent) = ("M-SEARCH Request", f[8])
            case ("", _, _, "200"): (method, agent) = ("M-SEARCH Response", f[7])
            default: (method, agent) = ("-", "")
            }
            return (f[0], [f[1], f[2], method, agent.isEmpty ? "-" : agent])
        })
    }
}

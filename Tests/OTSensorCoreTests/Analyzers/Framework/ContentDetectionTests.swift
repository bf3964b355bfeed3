import CaptureGenerator
import Foundation
@testable import OTSensorCore
import XCTest

// The analyzer framework with content detection (Zeek's DPD), driven by Zeek's
// own dpd.sig signatures and two test-only stand-ins: an "http" analyzer and an
// "ssh" recogniser. What must happen is read from Zeek: the signatures' text,
// dpd_buffer_size (1024), DPD::ignore_violations_after (10 KiB), the
// register_for_ports lists, and the service order of its conn.log baselines
// (../shared/conformance/zeek: "http,ssl", "quic,ssl", "ldap_tcp,krb,gssapi").

/// What the test recognisers were fed, in order (tests run one at a time).
private final class FeedRecorder: @unchecked Sendable {
    static let shared = FeedRecorder()
    private let lock = NSLock()
    private var events: [String] = []

    func record(_ event: String) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    func take() -> [String] {
        lock.lock()
        defer { events = []; lock.unlock() }
        return events
    }
}

/// Confirms SSH once both sides sent a version banner; anything else is a violation.
private struct BannerRecognizer: ServiceRecognizer {
    static var service: String { "ssh" }
    private var sawOrig = false, sawResp = false

    init() {}

    mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        let text = String(decoding: bytes, as: UTF8.self)
        FeedRecorder.shared.record("\(isOrig ? "orig" : "resp") \(text)")
        // Once confirmed it is still fed, and has nothing more to judge.
        guard !(sawOrig && sawResp) else { return .confirmed }
        guard text.hasPrefix("SSH-") else { return .violated(reason: "ssh.not_a_banner") }
        if isOrig { sawOrig = true } else { sawResp = true }
        return sawOrig && sawResp ? .confirmed : .undecided
    }
}

/// An "ntp" recogniser that finds the roles reversed when the originator
/// speaks as a server (NTP mode 4), as Zeek's NTP analyzer flips them.
private struct ServerModeRecognizer: ServiceRecognizer {
    static var service: String { "ntp" }
    private(set) var flipsRoles = false

    init() {}

    mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        guard let first = bytes.first else { return .undecided }
        if isOrig && first & 0x07 == 4 { flipsRoles = true }
        return .confirmed
    }
}

/// A "quic" recogniser that only records what it is fed.
private struct DatagramRecorder: ServiceRecognizer {
    static var service: String { "quic" }

    init() {}

    mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        FeedRecorder.shared.record("\(isOrig ? "orig" : "resp") \(Array(bytes.prefix(2)))")
        return .undecided
    }
}

/// An "http" analyzer: confirms on a request or status line, violates on
/// "BAD", and flips the roles when the originator sends a status line.
private final class HTTPStandIn: PacketAnalyzer {
    static let interest = AnalyzerInterest(tcpPorts: [80])
    static let logs: [LogDescription] = []
    static let analyzerName = "http"

    var chunks: [String] = []
    var anomalies = AnomalyCounts()

    init(environment: AnalyzerEnvironment) {}

    func streamData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, connection: inout ConnectionView) {
        let text = String(decoding: bytes, as: UTF8.self)
        chunks.append("\(isOrig ? "orig" : "resp") \(text)")
        if text.hasPrefix("GET ") || text.hasPrefix("HTTP/") { connection.confirm(Service("http")) }
        if text.hasPrefix("BAD") { connection.withdraw(Service("http")) }
        if text.hasPrefix("HTTP/") && isOrig { connection.flipRoles() }
    }

    func emit(into logs: inout [LogRowBuffer], context: LogContext) {}
}

/// Confirms two services in an order their names do not sort in.
private final class TwoServiceStandIn: PacketAnalyzer {
    static let interest = AnalyzerInterest(tcpPorts: [7_000])
    static let logs: [LogDescription] = []
    var anomalies = AnomalyCounts()

    init(environment: AnalyzerEnvironment) {}

    func streamData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, connection: inout ConnectionView) {
        connection.confirm(Service("zzz_first"))
        connection.confirm(Service("aaa_second"))
    }

    func emit(into logs: inout [LogRowBuffer], context: LogContext) {}
}

/// A second stream analyzer on 7000/tcp: one port, several analyzers.
private final class SecondOnPortStandIn: PacketAnalyzer {
    static let interest = AnalyzerInterest(tcpPorts: [7_000])
    static let logs: [LogDescription] = []
    var bytes = 0
    var anomalies = AnomalyCounts()

    init(environment: AnalyzerEnvironment) {}

    func streamData(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, connection: inout ConnectionView) {
        self.bytes += bytes.count
    }

    func emit(into logs: inout [LogRowBuffer], context: LogContext) {}
}

/// An analyzer with DNS's session check on its UDP port.
private final class SessionCheckStandIn: PacketAnalyzer {
    static let interest = AnalyzerInterest(udpPorts: [6_000])
    static let logs: [LogDescription] = []
    static let udpSessionExpiry: SessionExpiry? = SessionExpiry(interval: 10, idle: 9)
    var anomalies = AnomalyCounts()

    init(environment: AnalyzerEnvironment) {}

    func emit(into logs: inout [LogRowBuffer], context: LogContext) {}
}

private struct Harness {
    let analyzers: AnalyzerSet
    var table: ConnectionTable

    init(kinds: [any PacketAnalyzer.Type] = [HTTPStandIn.self],
         recognizers: [any ServiceRecognizer.Type] = [BannerRecognizer.self]) throws {
        let dispatch = try AnalyzerDispatch(kinds: kinds, recognizers: recognizers,
                                            signatureFiles: ZeekSignatures.files.map(\.text))
        analyzers = AnalyzerSet(dispatch: dispatch, environment: AnalyzerEnvironment(), shard: 0)
        table = ConnectionTable(shard: 0, configuration: FlowConfiguration(), analyzers: analyzers)
        _ = FeedRecorder.shared.take()
    }

    var http: HTTPStandIn { analyzers.analyzer(at: 0) as! HTTPStandIn }

    mutating func run(_ packets: [Packet]) -> [ConnRecord] {
        feed(packets, into: &table)
        table.finishAll()
        return table.takeFinished()
    }
}

private func tcp(port: UInt16, _ talk: (inout TCPConversation) -> Void) -> [Packet] {
    var conversation = TCPConversation(client: "10.0.0.1", clientPort: 50_000, server: "10.0.0.2", serverPort: port)
    conversation.syn()
    conversation.synAck()
    conversation.ack(from: .client)
    talk(&conversation)
    return conversation.packets
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

final class ContentDetectionTests: XCTestCase {
    /// dpd_http_client matches the originator's stream from its first byte:
    /// "\r\n" alone does not match, "\r\nGET" does, and the analyzer then gets
    /// the kept "\r\n" before the chunk that matched.
    func testHTTPOnAnUnregisteredPortIsFoundByContentAndGetsTheBufferedBytes() throws {
        var harness = try Harness()
        let records = harness.run(tcp(port: 8_080) {
            $0.send(bytes("\r\n"), from: .client)
            $0.send(bytes("GET / HTTP/1.1\r\n\r\n"), from: .client)
            $0.send(bytes("HTTP/1.1 200 OK\r\n\r\n"), from: .server)
        })
        XCTAssertEqual(harness.http.chunks, ["orig \r\n", "orig GET / HTTP/1.1\r\n\r\n", "resp HTTP/1.1 200 OK\r\n\r\n"])
        XCTAssertEqual(records.map(\.services.names), [["http"]])
    }

    /// Zeek stops matching once the connection's buffered payload passes
    /// dpd_buffer_size (1024 bytes over both directions).
    func testDetectionStopsAfterTheFirstKilobyte() throws {
        var harness = try Harness()
        let late = harness.run(tcp(port: 8_080) {
            $0.send([UInt8](repeating: 0x20, count: 1_025), from: .client)
            $0.send(bytes("GET / HTTP/1.1\r\n\r\n"), from: .client)
        })
        XCTAssertEqual(late.map(\.services.names), [[]])
        XCTAssertEqual(harness.http.chunks, [])

        var inTime = try Harness()
        let early = inTime.run(tcp(port: 8_080) {
            $0.send([UInt8](repeating: 0x20, count: 1_000), from: .client)
            $0.send(bytes("GET / HTTP/1.1\r\n\r\n"), from: .client)
        })
        XCTAssertEqual(early.map(\.services.names), [["http"]])
        XCTAssertEqual(inTime.http.chunks.count, 2)
    }

    /// dpd_ssh_client requires dpd_ssh_server in the other direction: the
    /// server's banner comes first, the client's match then fires, and the
    /// recogniser is fed both banners in the order they travelled.
    func testARecognizerIsAttachedByASignatureThatRequiresTheReverseDirection() throws {
        var harness = try Harness()
        let records = harness.run(tcp(port: 2_222) {
            $0.send(bytes("SSH-2.0-OpenSSH_9.6\r\n"), from: .server)
            $0.send(bytes("SSH-2.0-Go\r\n"), from: .client)
        })
        XCTAssertEqual(FeedRecorder.shared.take(), ["resp SSH-2.0-OpenSSH_9.6\r\n", "orig SSH-2.0-Go\r\n"])
        XCTAssertEqual(records.map(\.services.names), [["ssh"]])
    }

    func testOneSidedMatchesAttachNothing() throws {
        var harness = try Harness()
        let records = harness.run(tcp(port: 2_222) { $0.send(bytes("SSH-2.0-Go\r\n"), from: .client) })
        XCTAssertEqual(FeedRecorder.shared.take(), [])
        XCTAssertEqual(records.map(\.services.names), [[]])
    }

    /// 22/tcp is SSH's registered port (ssh/main.zeek): no signature needed.
    func testARecognizerIsAttachedByZeeksPortAndItsViolationIsCounted() throws {
        var harness = try Harness()
        let confirmed = harness.run(tcp(port: 22) {
            $0.send(bytes("SSH-2.0-Go\r\n"), from: .client)
            $0.send(bytes("SSH-2.0-OpenSSH_9.6\r\n"), from: .server)
            $0.send(bytes("after the decision"), from: .client)
        })
        XCTAssertEqual(FeedRecorder.shared.take(), ["orig SSH-2.0-Go\r\n", "resp SSH-2.0-OpenSSH_9.6\r\n",
                                                    "orig after the decision"], "a confirmed recogniser is still fed")
        XCTAssertEqual(confirmed.map(\.services.names), [["ssh"]])

        var violated = try Harness()
        let records = violated.run(tcp(port: 22) { $0.send(bytes("HELO there\r\n"), from: .client) })
        XCTAssertEqual(records.map(\.services.names), [[]])
        XCTAssertEqual(violated.analyzers.anomalies.counts["ssh.not_a_banner"], 1)
    }

    /// A violation detaches the analyzer (it sees nothing more) and removes
    /// the service it had confirmed.
    func testAViolationDetachesTheAnalyzerAndRemovesItsService() throws {
        var harness = try Harness()
        let records = harness.run(tcp(port: 80) {
            $0.send(bytes("GET / HTTP/1.1\r\n\r\n"), from: .client)
            $0.send(bytes("BAD"), from: .client)
            $0.send(bytes("GET /again HTTP/1.1\r\n\r\n"), from: .client)
        })
        XCTAssertEqual(harness.http.chunks, ["orig GET / HTTP/1.1\r\n\r\n", "orig BAD"])
        XCTAssertEqual(records.map(\.services.names), [[]])
        XCTAssertEqual(harness.analyzers.anomalies.counts["http.analyzer_disabled"], 1)
    }

    /// DPD::ignore_violations_after: past 10 KiB of payload a violation changes nothing.
    func testViolationsPastTenKibibytesAreIgnored() throws {
        var harness = try Harness()
        let records = harness.run(tcp(port: 80) {
            $0.send(bytes("GET / HTTP/1.1\r\n\r\n"), from: .client)
            for _ in 0..<8 { $0.send([UInt8](repeating: 0x61, count: 1_400), from: .server) }
            $0.send(bytes("BAD"), from: .client)
            $0.send(bytes("GET /again HTTP/1.1\r\n\r\n"), from: .client)
        })
        XCTAssertEqual(harness.http.chunks.last, "orig GET /again HTTP/1.1\r\n\r\n")
        XCTAssertEqual(records.map(\.services.names), [["http"]])
    }

    /// The analyzer asks for the flip; the record carries the swapped roles.
    func testAnAnalyzerFlipsTheRoles() throws {
        var harness = try Harness()
        let records = harness.run(tcp(port: 80) { $0.send(bytes("HTTP/1.0 200 OK\r\n\r\n"), from: .client) })
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records[0].origPort, 80)
        XCTAssertEqual(records[0].respPort, 50_000)
        XCTAssertTrue(records[0].history.contains(UInt8(ascii: "^")))
    }

    /// conn.log lists services in confirmation order, as Zeek's ordered set.
    func testServicesKeepTheirConfirmationOrderAndSeveralAnalyzersShareAPort() throws {
        var harness = try Harness(kinds: [TwoServiceStandIn.self, SecondOnPortStandIn.self], recognizers: [])
        let records = harness.run(tcp(port: 7_000) { $0.send(bytes("hello"), from: .client) })
        XCTAssertEqual(records.map(\.services.names), [["zzz_first", "aaa_second"]])
        XCTAssertEqual((harness.analyzers.analyzer(at: 1) as! SecondOnPortStandIn).bytes, 5)
    }

    /// The real DHCP analyzer on a port nobody registers: Zeek's dhcp_cookie
    /// signature (the magic cookie 236 bytes in) attaches it, and a message
    /// whose options end inside the datagram confirms `dhcp`.
    func testTheDHCPAnalyzerIsFoundByZeeksCookieSignatureOnAnyPort() throws {
        var message = [UInt8](repeating: 0, count: 236)
        message[0] = 1                                          // BOOTREQUEST
        message[1] = 1                                          // Ethernet
        message[2] = 6                                          // hardware address length
        message += [0x63, 0x82, 0x53, 0x63, 53, 1, 1, 255]      // cookie, DHCPDISCOVER, END
        var harness = try Harness(kinds: [DHCPAnalyzer.self], recognizers: [])
        var udp = UDPExchange(client: "10.0.0.1", clientPort: 6_868, server: "10.0.0.2", serverPort: 6_767)
        udp.send(message, from: .client)
        XCTAssertEqual(harness.run(udp.packets).map(\.services.names), [["dhcp"]])
        var noCookie = UDPExchange(client: "10.0.0.1", clientPort: 6_868, server: "10.0.0.2", serverPort: 6_767)
        noCookie.send(Array(message.prefix(236)) + [0, 0, 0, 0, 53, 1, 1, 255], from: .client)
        XCTAssertEqual(harness.run(noCookie.packets).map(\.services.names), [[]])
    }

    /// 123/udp is NTP's registered port; the recogniser's reversal reaches the record.
    func testARecognizerFlipsTheRoles() throws {
        var harness = try Harness(kinds: [], recognizers: [ServerModeRecognizer.self])
        var udp = UDPExchange(client: "10.0.0.1", clientPort: 40_000, server: "10.0.0.2", serverPort: 123)
        udp.send([0x24] + [UInt8](repeating: 0, count: 47), from: .client)     // LI 0, version 4, mode 4
        let records = harness.run(udp.packets)
        XCTAssertEqual(records.map(\.services.names), [["ntp"]])
        XCTAssertEqual(records.map(\.origPort), [123])
        XCTAssertEqual(records.map(\.respPort), [40_000])
    }

    /// UDP is matched per datagram (dpd_quic_initial: a long header with
    /// version 1), and the recogniser the match attaches gets every kept
    /// datagram first, the one that did not match included.
    func testDatagramsBeforeTheMatchAreReplayed() throws {
        var harness = try Harness(kinds: [], recognizers: [DatagramRecorder.self])
        var udp = UDPExchange(client: "10.0.0.1", clientPort: 40_000, server: "10.0.0.2", serverPort: 4_433)
        udp.send([0x40, 0x01, 0x02], from: .client)
        udp.send([0xC3, 0x00, 0x00, 0x00, 0x01, 0x08], from: .client)
        udp.send([0xC1, 0x00, 0x00, 0x00, 0x01], from: .server)
        _ = harness.run(udp.packets)
        XCTAssertEqual(FeedRecorder.shared.take(), ["orig [64, 1]", "orig [195, 0]", "resp [193, 0]"])
    }

    /// Zeek's DNS session check, declared by the analyzer: a UDP connection
    /// idle for 9 s is removed at the 10 s check, so a datagram 12 s later
    /// starts a new connection; without the declaration UDP's 60 s applies.
    func testAnAnalyzerDeclaresItsUDPSessionTimer() throws {
        var harness = try Harness(kinds: [SessionCheckStandIn.self], recognizers: [])
        func exchange(port: UInt16) -> [Packet] {
            var udp = UDPExchange(client: "10.0.0.1", clientPort: 40_000, server: "10.0.0.2", serverPort: port)
            udp.send(bytes("a"), from: .client)
            udp.clock.wait(nanoseconds: 12_000_000_000)
            udp.send(bytes("b"), from: .client)
            return udp.packets
        }
        XCTAssertEqual(harness.run(exchange(port: 6_000)).count, 2)
        XCTAssertEqual(harness.run(exchange(port: 6_001)).count, 1)
    }
}

final class AnalyzerRegistryTests: XCTestCase {
    private final class OtherHTTP: PacketAnalyzer {
        static let interest = AnalyzerInterest(tcpPorts: [8_000])
        static let logs: [LogDescription] = []
        static let analyzerName = "HTTP"
        var anomalies = AnomalyCounts()
        init(environment: AnalyzerEnvironment) {}
        func emit(into logs: inout [LogRowBuffer], context: LogContext) {}
    }

    private struct HTTPRecognizer: ServiceRecognizer {
        static var service: String { "http" }
        init() {}
        mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict { .confirmed }
    }

    private final class LinkA: PacketAnalyzer {
        static let interest = AnalyzerInterest(etherTypes: [0x88B5])
        static let logs: [LogDescription] = []
        var anomalies = AnomalyCounts()
        init(environment: AnalyzerEnvironment) {}
        func emit(into logs: inout [LogRowBuffer], context: LogContext) {}
    }

    private final class LinkB: PacketAnalyzer {
        static let interest = AnalyzerInterest(etherTypes: [0x88B5])
        static let logs: [LogDescription] = []
        var anomalies = AnomalyCounts()
        init(environment: AnalyzerEnvironment) {}
        func emit(into logs: inout [LogRowBuffer], context: LogContext) {}
    }

    func testConflictingRegistrationsAreRefused() {
        XCTAssertThrowsError(try AnalyzerDispatch(kinds: [HTTPStandIn.self, OtherHTTP.self]))
        XCTAssertThrowsError(try AnalyzerDispatch(kinds: [HTTPStandIn.self], recognizers: [HTTPRecognizer.self]))
        XCTAssertThrowsError(try AnalyzerDispatch(kinds: [LinkA.self, LinkB.self]))
        XCTAssertThrowsError(try AnalyzerDispatch(kinds: [LinkA.self, LinkA.self]))
        XCTAssertThrowsError(try AnalyzerDispatch(kinds: [], signatureFiles: ["signature broken {\n payload /(/\n}\n"]))
        XCTAssertNoThrow(try AnalyzerDispatch(kinds: [HTTPStandIn.self, LinkA.self], recognizers: [BannerRecognizer.self],
                                              signatureFiles: ZeekSignatures.files.map(\.text)))
    }

    /// The sensor's own registry builds, with Zeek's signatures.
    func testTheStandardRegistryHasNoConflicts() {
        XCTAssertNoThrow(try AnalyzerDispatch.standard())
    }
}

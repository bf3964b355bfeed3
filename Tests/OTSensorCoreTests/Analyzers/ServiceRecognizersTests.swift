@testable import OTSensorCore
import XCTest

/// The recogniser table carries Zeek's service names and well-known ports.
final class ServiceRecognizersTests: XCTestCase {
    /// The names as Zeek 9.1 writes them: conn.log's `service` values in the
    /// conformance baselines (ssl, ssh, ftp, smtp, quic, ldap_tcp, socks,
    /// modbus, ntp) and, for those no baseline shows, the lower-cased
    /// analyzer names the dpd.sig files enable (LDAP_UDP, dnp3_tcp, dnp3_udp).
    func testServiceNamesAreZeeks() {
        let names = ServiceRecognizers.all.map { $0.recognizer.service }
        XCTAssertEqual(names, ["ssl", "ssh", "ftp", "smtp", "quic", "ldap_tcp", "ldap_udp", "socks", "modbus",
                               "dnp3_tcp", "dnp3_udp", "ntp"])
    }

    /// From each protocol's `register_for_ports` call in Zeek's scripts.
    func testPortsAreZeeks() {
        func ports(_ service: String) -> [UInt16] {
            ServiceRecognizers.all.first { $0.recognizer.service == service }?.ports ?? []
        }
        XCTAssertEqual(ports("ssl"), [443, 465, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223])
        XCTAssertEqual(ports("ssh"), [22])
        XCTAssertEqual(ports("ftp"), [21, 2811])
        XCTAssertEqual(ports("smtp"), [25, 587])
        XCTAssertEqual(ports("ldap_tcp"), [389, 3268])
        XCTAssertEqual(ports("ldap_udp"), [389])
        XCTAssertEqual(ports("socks"), [1080])
        XCTAssertEqual(ports("modbus"), [502])
        XCTAssertEqual(ports("dnp3_tcp"), [20000])
        XCTAssertEqual(ports("ntp"), [123])
        let quic = ServiceRecognizers.all.first { $0.recognizer.service == "quic" }
        XCTAssertEqual(quic?.ports, [443, 853, 784])
        XCTAssertEqual(quic?.likelyServerPorts, [443])
    }

    /// The analyzers whose C++ returns early on `TCP()->IsPartial()`.
    func testPartialConnectionsAreSkippedWhereZeekSkipsThem() {
        let skipping = Set(ServiceRecognizers.all.filter(\.skipsPartialConnections).map { $0.recognizer.service })
        XCTAssertEqual(skipping, ["ssl", "ssh", "smtp", "socks"])
    }

    func testTransportsMatchTheProtocols() {
        let udp = Set(ServiceRecognizers.all.filter { $0.transport == .udp }.map { $0.recognizer.service })
        XCTAssertEqual(udp, ["quic", "ldap_udp", "dnp3_udp", "ntp"])
    }

    /// Every recogniser starts undecided on nothing, and none claims another's
    /// handshake: a TLS ClientHello confirms only TLS.
    func testATLSClientHelloConfirmsOnlyTLS() {
        let hello = TLSTraceBytes.pppoeClientHello[0].bytes
        for registration in ServiceRecognizers.all where registration.transport == .tcp {
            var recognizer = registration.recognizer.init()
            let verdict = hello.withUnsafeBytes { recognizer.feed($0, isOrig: true) }
            XCTAssertEqual(verdict == .confirmed, registration.recognizer.service == "ssl",
                           registration.recognizer.service)
        }
    }
}

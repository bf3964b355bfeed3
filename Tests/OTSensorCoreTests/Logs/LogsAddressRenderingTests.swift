import XCTest
@testable import OTSensorCore

/// `addr` values (LOGS.md §3.3): dotted quad for IPv4, RFC 5952 text for IPv6.
final class LogsAddressRenderingTests: XCTestCase {
    private func addr(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let address = try XCTUnwrap(IPAddress(text), "unparseable \(text)", file: file, line: line)
        return encodeLogField(.addr) { $0.addr(address) }
    }

    func testIPv4IsADottedQuad() throws {
        XCTAssertEqual(try addr("10.1.9.63"), "10.1.9.63")
        XCTAssertEqual(try addr("0.0.0.0"), "0.0.0.0")
        XCTAssertEqual(try addr("255.255.255.255"), "255.255.255.255")
        XCTAssertEqual(encodeLogField(.addr) { $0.addr(IPAddress(ipv4: 0xE0027FFE)) }, "224.2.127.254")
    }

    func testIPv4MappedAddressesPrintAsIPv4() throws {
        XCTAssertEqual(try addr("::ffff:192.0.2.1"), "192.0.2.1")
        XCTAssertEqual(try addr("::ffff:c000:201"), "192.0.2.1")
        XCTAssertEqual(try addr("::ffff:0:0"), "0.0.0.0")
    }

    func testIPv6IsCompressedPerRFC5952() throws {
        XCTAssertEqual(try addr("fe80:0:0:0:c000:54ff:fef5:0"), "fe80::c000:54ff:fef5:0")
        XCTAssertEqual(try addr("0:0:0:0:0:0:0:0"), "::")
        XCTAssertEqual(try addr("0:0:0:0:0:0:0:1"), "::1")
        XCTAssertEqual(try addr("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1")  // first of two equal runs
        XCTAssertEqual(try addr("1:0:0:2:0:0:0:3"), "1:0:0:2::3")  // the longest run
        XCTAssertEqual(try addr("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1")  // one zero group stays
        XCTAssertEqual(try addr("2001:0DB8:0000:0000:0000:0000:0000:0000"), "2001:db8::")
        XCTAssertEqual(try addr("ff02::1:2"), "ff02::1:2")
        XCTAssertEqual(try addr("fe80::a00:27ff:fe0c:0d0e"), "fe80::a00:27ff:fe0c:d0e")
    }

    func testIPv4CompatibleAddressesPrintAsInetNtopDoes() throws {
        XCTAssertEqual(try addr("::102:304"), "::1.2.3.4")
        XCTAssertEqual(try addr("::1:0"), "::0.1.0.0")
        XCTAssertEqual(try addr("::5"), "::5")
    }

    func testAgreesWithIPAddressDescriptionOnOrdinaryAddresses() throws {
        for text in ["10.0.0.1", "fe80::c000:54ff:fef5:0", "::", "::1", "2001:db8::1:0:0:1", "2a00:1450:4001:80b::200e"] {
            let address = try XCTUnwrap(IPAddress(text))
            XCTAssertEqual(encodeLogField(.addr) { $0.addr(address) }, address.description)
        }
    }
}

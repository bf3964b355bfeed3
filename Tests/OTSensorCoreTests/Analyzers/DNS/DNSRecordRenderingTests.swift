import CaptureGenerator
@testable import OTSensorCore
import XCTest

// What each resource record type adds to dns.log's `answers`, per Zeek's
// base/protocols/dns/main.zeek handlers; RDATA is written out byte by byte.
final class DNSRecordRenderingTests: XCTestCase {
    /// A response with the question `q.example` A (at offset 12) and one answer
    /// owned by the question name.
    private func answers(type: UInt16, ttl: UInt32 = 60, data: [UInt8], rdLength: UInt16? = nil,
                         extra: (inout DNSMessageBuilder) -> Void = { _ in }) throws -> DNSMessage {
        var response = DNSMessageBuilder.response(id: 1)
        response.question("q.example", type: type)
        response.answer(encodedName: DNSMessageBuilder.pointer(to: 12), type: type, ttl: ttl, data: data,
                        rdLength: rdLength)
        extra(&response)
        return try response.bytes.withUnsafeBytes { bytes throws(DNSParseError) in try DNSMessage(parsing: bytes) }
    }

    private func text(_ message: DNSMessage) -> [String] {
        message.answers.map { String(decoding: $0.reply, as: UTF8.self) }
    }

    func testNameTargets() throws {
        // NS, CNAME, PTR: the target; MX: the exchange without its preference 10.
        for type: UInt16 in [2, 5, 12] {
            XCTAssertEqual(text(try answers(type: type, data: DNSMessageBuilder.encode("NS1.Example"))), ["ns1.example"])
        }
        XCTAssertEqual(text(try answers(type: 15, data: [0, 10] + DNSMessageBuilder.encode("mx.example"))), ["mx.example"])
        // SRV: priority 1, weight 2, port 5060, then the target.
        XCTAssertEqual(text(try answers(type: 33, data: [0, 1, 0, 2, 0x13, 0xC4] + DNSMessageBuilder.encode("sip.example"))),
                       ["sip.example"])
        // SOA: the primary name server (MNAME); RNAME and the five 32-bit numbers follow.
        let soa = DNSMessageBuilder.encode("ns.example") + DNSMessageBuilder.encode("admin.example")
            + [UInt8](repeating: 0, count: 20)
        XCTAssertEqual(text(try answers(type: 6, data: soa)), ["ns.example"])
    }

    func testAddresses() throws {
        XCTAssertEqual(text(try answers(type: 1, data: [10, 1, 2, 3])), ["10.1.2.3"])
        let v6: [UInt8] = [0xFE, 0x80] + [UInt8](repeating: 0, count: 6) + [0x02, 0x00, 0xDE, 0xFF, 0xFE, 0xAD, 0xBE, 0xEF]
        XCTAssertEqual(text(try answers(type: 28, data: v6)), ["fe80::200:deff:fead:beef"])
    }

    func testTextRecords() throws {
        // Two character-strings of 3 and 0 bytes: `TXT 3 v=1 TXT 0 ` joined by one space.
        XCTAssertEqual(text(try answers(type: 16, data: [3] + Array("v=1".utf8) + [0])), ["TXT 3 v=1 TXT 0 "])
        XCTAssertEqual(text(try answers(type: 99, data: [4] + Array("spf1".utf8))), ["SPF 4 spf1"])
    }

    func testDNSSECRecords() throws {
        // DNSKEY: flags 0x0101, protocol 3, algorithm 8, a 4-byte key.
        XCTAssertEqual(text(try answers(type: 48, data: [0x01, 0x01, 3, 8, 1, 2, 3, 4])), ["DNSKEY 8"])
        // DS: key tag 0x1234, algorithm 5, digest type 2, a 4-byte digest.
        XCTAssertEqual(text(try answers(type: 43, data: [0x12, 0x34, 5, 2, 9, 9, 9, 9])), ["DS 5 2"])
        // RRSIG over type 48 (DNSKEY): 18 fixed bytes, the signer, the signature.
        let fixed: [UInt8] = [0, 48, 8, 2] + [UInt8](repeating: 0, count: 14)
        XCTAssertEqual(text(try answers(type: 46, data: fixed + DNSMessageBuilder.encode("example") + [7, 7])),
                       ["RRSIG 48 example"])
        XCTAssertEqual(text(try answers(type: 46, data: fixed + [0] + [7, 7])), ["RRSIG 48 <Root>"])
        // NSEC: the owner name, then the next name; one bitmap window (0, 1 byte).
        XCTAssertEqual(text(try answers(type: 47, data: DNSMessageBuilder.encode("z.example") + [0, 1, 0x40])),
                       ["NSEC q.example z.example"])
        // NSEC3: algorithm 1, flags 0, 10 iterations, a 1-byte salt, a 2-byte hash, no bitmap.
        XCTAssertEqual(text(try answers(type: 50, data: [1, 0, 0, 10, 1, 0xAB, 2, 0xCD, 0xEF])), ["NSEC3"])
        XCTAssertEqual(text(try answers(type: 51, data: [1, 0, 0, 10, 0])), ["NSEC3PARAM"])
        // SSHFP: algorithm 1, type 1, the fingerprint in lower-case hex.
        XCTAssertEqual(text(try answers(type: 44, data: [1, 1, 0xA6, 0xB9, 0x0F])), ["SSHFP: a6b90f"])
        XCTAssertEqual(text(try answers(type: 65534, data: [8, 0x12, 0x34, 0, 1])), ["BIND9 signing signal"])
    }

    func testOtherTypes() throws {
        // LOC: version 0, size 0x12, precisions 0x16 and 0x13, then 12 bytes of position.
        XCTAssertEqual(text(try answers(type: 29, data: [0, 0x12, 0x16, 0x13] + [UInt8](repeating: 0, count: 12))),
                       ["LOC:  18 22 19"])
        // TLSA (52) is not parsed by Zeek: `<unknown type=52>`.
        XCTAssertEqual(text(try answers(type: 52, data: [3, 1, 1, 0xAA])), ["<unknown type=52>"])
        // NAPTR: order 100, preference 10, flags "S", service "SIP+D2U", no regexp, replacement.
        let naptr: [UInt8] = [0, 100, 0, 10, 1, 0x53, 7] + Array("SIP+D2U".utf8) + [0]
            + DNSMessageBuilder.encode("_sip._udp.example")
        XCTAssertEqual(text(try answers(type: 35, data: naptr)), ["NAPTR 100 10 S SIP+D2U _sip._udp.example"])
        // HINFO and CAA are read but not reported.
        XCTAssertEqual(try answers(type: 13, data: [1, 0x41, 1, 0x42]).answers, [])
        XCTAssertEqual(try answers(type: 257, data: [0, 5] + Array("issueca.example".utf8)).answers, [])
        // WKS is reported with nothing to add: AA, RA and rtt still come from it.
        XCTAssertEqual(text(try answers(type: 11, data: [10, 0, 0, 1, 6, 0])), [""])
    }

    /// An UPDATE's prerequisites and updates, as in Zeek's dynamic-update baseline:
    /// zone `example` SOA IN; a prerequisite "no CNAME for host.example"
    /// (class NONE), a deletion of every AAAA (class ANY, TTL 0, no RDATA) and an added A.
    func testDynamicUpdateRenderings() throws {
        var update = DNSMessageBuilder(id: 5, flags: 0xA800)   // QR, opcode 5 (UPDATE)
        update.question("example", type: 6)
        let owner = DNSMessageBuilder.encode("host.example")
        update.answer(encodedName: owner, type: 5, rrClass: 254, ttl: 0, data: [])
        update.answerCount = 1
        update.authorityCount = 2
        update.answer(encodedName: owner, type: 28, rrClass: 255, ttl: 0, data: [])
        update.answer(encodedName: owner, type: 1, rrClass: 1, ttl: 1200, data: [192, 168, 1, 106])
        let message = try update.bytes.withUnsafeBytes { bytes throws(DNSParseError) in try DNSMessage(parsing: bytes) }
        XCTAssertNil(message.failure)
        XCTAssertEqual(text(message), ["pre: NoRRSet CNAME host.example", "del: RRSet AAAA",
                                       "add: A host.example 192.168.1.106"])
        XCTAssertEqual(message.answers.map(\.ttl), [0, 0, 1200])
    }
}

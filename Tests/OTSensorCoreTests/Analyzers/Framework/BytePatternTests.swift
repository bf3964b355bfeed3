@testable import OTSensorCore
import XCTest

// Zeek's signature patterns, on payloads whose protocol is known from the RFCs
// the signatures describe. Zeek's semantics (doc/frameworks/signatures.rst):
// anchored at the first payload byte, `.` matches any byte in signatures
// (multi-line mode), and a match is found as soon as a prefix matches.

private func matches(_ pattern: String, _ payload: [UInt8]) throws -> Bool {
    let compiled = try BytePattern(pattern)
    var scratch = PatternScratch()
    return payload.withUnsafeBytes { compiled.matches(UnsafeRawBufferPointer(start: nil, count: 0), $0, scratch: &scratch) }
}

private func matches(_ pattern: String, _ text: String) throws -> Bool { try matches(pattern, Array(text.utf8)) }

final class BytePatternTests: XCTestCase {
    /// Zeek's dpd_http_client pattern, abbreviated to three methods.
    private let httpClient = #"^[[:space:]]*(OPTIONS|GET|HEAD|POST)[[:space:]]*"#

    func testPatternsAreAnchoredAtTheFirstByte() throws {
        XCTAssertTrue(try matches(httpClient, "GET / HTTP/1.1\r\n"))
        XCTAssertTrue(try matches(httpClient, " \r\n\tPOST /x"))
        XCTAssertFalse(try matches(httpClient, "XGET / HTTP/1.1"))
        // Without `^` too: Zeek anchors every signature pattern.
        XCTAssertFalse(try matches(#"SSH-"#, "xSSH-2.0"))
        XCTAssertTrue(try matches(#".*SSH-"#, "xSSH-2.0"))
    }

    func testAPrefixMatchIsEnough() throws {
        XCTAssertTrue(try matches(#"^[hH][tT][tT][pP]\/[0-9]"#, "HTTP/1.1 200 OK\r\n"))
        XCTAssertFalse(try matches(#"^[hH][tT][tT][pP]\/[0-9]"#, "HTTP/x"))
        XCTAssertFalse(try matches(#"^[hH][tT][tT][pP]\/[0-9]"#, "HTT"))
    }

    func testDotMatchesEveryByteIncludingNewline() throws {
        // dpd_tls_client: a ClientHello record whose length bytes are 0x0a 0x0a.
        let tls = #"^\x16\x03[\x00\x01\x02\x03]..\x01...\x03[\x00\x01\x02\x03].*"#
        XCTAssertTrue(try matches(tls, [0x16, 0x03, 0x01, 0x0A, 0x0A, 0x01, 0x00, 0x0A, 0x06, 0x03, 0x03]))
        XCTAssertFalse(try matches(tls, [0x16, 0x03, 0x01, 0x0A, 0x0A, 0x02, 0x00, 0x0A, 0x06, 0x03, 0x03]))
        XCTAssertFalse(try matches(tls, [0x16, 0x03, 0x04]))
    }

    func testBoundedRepetitionsCountExactly() throws {
        // dhcp_cookie: the magic cookie 236 bytes in.
        let dhcp = #"^.{236}\x63\x82\x53\x63"#
        XCTAssertTrue(try matches(dhcp, [UInt8](repeating: 0, count: 236) + [0x63, 0x82, 0x53, 0x63]))
        XCTAssertFalse(try matches(dhcp, [UInt8](repeating: 0, count: 235) + [0x63, 0x82, 0x53, 0x63]))
        XCTAssertFalse(try matches(dhcp, [UInt8](repeating: 0, count: 237) + [0x63, 0x82, 0x53, 0x63]))
        // dpd_socks4_client: a user name of at most 32 bytes, NUL-terminated.
        let socks4 = #"^\x04[\x01\x02].{0,32}\x00"#
        XCTAssertTrue(try matches(socks4, [0x04, 0x01] + [UInt8](repeating: 0x41, count: 32) + [0]))
        XCTAssertFalse(try matches(socks4, [0x04, 0x01] + [UInt8](repeating: 0x41, count: 33) + [0]))
    }

    func testEmptyAlternativesAndLineStarts() throws {
        // dpd_ftp_client: USER at the start or after any line break.
        let ftp = #"(|.*[\n\r]) *[uU][sS][eE][rR] "#
        XCTAssertTrue(try matches(ftp, "USER anonymous\r\n"))
        XCTAssertTrue(try matches(ftp, "AUTH TLS\r\n  user bob\r\n"))
        XCTAssertFalse(try matches(ftp, "AUTH TLS user bob\r\n"))
    }

    func testClassesWithRangesNegationAndEscapes() throws {
        let ftpServer = #"[\n\r ]*(120|220)[^0-9].*[\n\r] *(230|331)[^0-9]"#
        XCTAssertTrue(try matches(ftpServer, "220 ready\r\n331 password\r\n"))
        XCTAssertFalse(try matches(ftpServer, "2201 ready\r\n331 password\r\n"))
        let redis = #"^([-+_,].*\r\n|[:$*#(!=%`~>][+-]?[0-9]+(\.[0-9]*)?\r\n)"#
        XCTAssertTrue(try matches(redis, "+OK\r\n"))
        XCTAssertTrue(try matches(redis, ":-12.5\r\n"))
        XCTAssertFalse(try matches(redis, ":x\r\n"))
        XCTAssertTrue(try matches(#"^[\xC0-\xCF]\x00\x00\x00\x01"#, [0xC3, 0, 0, 0, 1]))
        XCTAssertFalse(try matches(#"^[\xC0-\xCF]\x00\x00\x00\x01"#, [0xD0, 0, 0, 0, 1]))
    }

    /// The stream so far and the new chunk are matched as one input.
    func testTwoPartsMatchAsOneStream() throws {
        let pattern = try BytePattern(#"^[sS][sS][hH]-[12]\."#)
        var scratch = PatternScratch()
        let first: [UInt8] = Array("SS".utf8), second: [UInt8] = Array("H-2.0-x".utf8)
        let hit = first.withUnsafeBytes { a in second.withUnsafeBytes { b in pattern.matches(a, b, scratch: &scratch) } }
        XCTAssertTrue(hit)
    }

    /// Input no continuation can make match (every thread died) is told
    /// apart from input that may still match: detection stops trying the former.
    func testFailedInputIsToldApartFromUndecided() throws {
        let pattern = try BytePattern("GET|.*USER ")
        let anchored = try BytePattern("GET /")
        var scratch = PatternScratch()
        func outcome(_ compiled: BytePattern, _ text: String) -> BytePattern.Outcome {
            Array(text.utf8).withUnsafeBytes {
                compiled.match(UnsafeRawBufferPointer(start: nil, count: 0), $0, scratch: &scratch)
            }
        }
        XCTAssertEqual(outcome(anchored, "GE"), .undecided)
        XCTAssertEqual(outcome(anchored, "GET /x"), .matched)
        XCTAssertEqual(outcome(anchored, "POST"), .failed)
        XCTAssertEqual(outcome(anchored, ""), .undecided)
        // `.*` keeps a thread alive whatever comes: never failed.
        XCTAssertEqual(outcome(pattern, "xyz"), .undecided)
        XCTAssertEqual(outcome(pattern, "x USER a"), .matched)
    }

    func testMalformedPatternsAreRejected() {
        for bad in ["(abc", "abc)", "[abc", #"\x4"#, "a{3,1}", "*a", "[[:nope:]]", "a{99999}"] {
            XCTAssertThrowsError(try BytePattern(bad), bad)
        }
    }

    /// Every signature in Zeek's dpd.sig files parses, one per `signature` line.
    func testEveryZeekSignatureParses() throws {
        for file in ZeekSignatures.files {
            let declared = file.text.split(separator: "\n").filter { $0.trimmingPrefix(while: \.isWhitespace).hasPrefix("signature ") }.count
            XCTAssertEqual(try DPDSignature.parse(file.text).count, declared, file.protocol)
        }
        let ssh = try DPDSignature.parse(ZeekSignatures.files.first { $0.protocol == "ssh" }!.text)
        XCTAssertEqual(ssh.map(\.name), ["dpd_ssh_client", "dpd_ssh_server"])
        XCTAssertEqual(ssh[0].requiresReverse, "dpd_ssh_server")
        XCTAssertEqual(ssh[0].enables, "ssh")
        XCTAssertEqual(ssh[0].direction, .originator)
        XCTAssertEqual(ssh[1].ipProtocol, 6)
    }
}

private extension Substring {
    func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring { drop(while: predicate) }
}

@testable import OTSensorCore
import XCTest

/// The DFA content detection matches with gives the NFA's outcome on every
/// input: checked for every Zeek DPD and file magic pattern against the
/// thread-by-thread matcher, on inputs made to reach deep into the patterns.
final class PatternDFATests: XCTestCase {
    /// Inputs that start like what the patterns look for (their own protocol
    /// openings), then random bytes, cut in two at every kind of point.
    private static let openings: [[UInt8]] = [
        "GET / HTTP/1.1\r\n", "HTTP/1.1 200 OK\r\n", "USER anonymous\r\n", "220 ftp ready\r\n331 pw\r\n",
        "SSH-2.0-x\r\n", "+OK hi\r\n", "RFB 003.008\n", "\u{16}\u{03}\u{01}\u{00}", "<html>", "{\"a\": 1}",
        "NICK x\r\nUSER y 0 * :z\r\n", "%PDF-1.7", "MZ", "PK\u{03}\u{04}xx",
    ].map { Array($0.utf8) } + [[0x30, 0x0C, 0x02, 0x01, 0x01, 0x60], [0x05, 0x64, 0x05], [0xC3, 0, 0, 0, 1]]

    func testTheDFAGivesTheThreadMatchersOutcome() throws {
        let patterns = try ZeekSignatures.files.flatMap { try DPDSignature.parse($0.text).map(\.payload) }
            + FileMagic.zeek.signatures.map(\.pattern)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var outcomes: [BytePattern.Outcome: Int] = [:]
        var compiled = 0
        for pattern in patterns {
            guard let dfa = PatternDFA(pattern) else { continue }
            compiled += 1
            var scratch = PatternScratch()
            for round in 0..<40 {
                var input = Self.openings[round % Self.openings.count]
                input += (0..<Int(next() % 64)).map { _ in
                    next() % 4 == 0 ? UInt8(ascii: "\r") : UInt8(truncatingIfNeeded: next())
                }
                let cut = Int(next()) % (input.count + 1)
                let first = Array(input[..<cut]), second = Array(input[cut...])
                let expected = first.withUnsafeBytes { a in
                    second.withUnsafeBytes { b in pattern.match(a, b, scratch: &scratch) }
                }
                let actual = first.withUnsafeBytes { a in second.withUnsafeBytes { b in dfa.match(a, b) } }
                XCTAssertEqual(actual, expected, "/\(pattern.source)/ on \(input)")
                outcomes[expected, default: 0] += 1
            }
        }
        // Every DPD pattern compiles (magic patterns may be too big), and the
        // inputs reach every outcome, so the comparison means something.
        XCTAssertGreaterThan(compiled, patterns.count / 2)
        XCTAssertGreaterThan(outcomes[.matched] ?? 0, 100)
        XCTAssertGreaterThan(outcomes[.failed] ?? 0, 100)
        XCTAssertGreaterThan(outcomes[.undecided] ?? 0, 100)
    }
}

@testable import OTSensorSignatures
import XCTest

/// The Aho–Corasick matcher against the obvious search: every occurrence of
/// every pattern, on random patterns and buffers over a small alphabet (so
/// patterns overlap, share prefixes and suffixes, and differ only in case).
final class PatternMatcherTests: XCTestCase {
    /// SplitMix64: a fixed seed gives the same cases on every run.
    private struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    private static let alphabet: [UInt8] = Array("aAbB.".utf8) + [0x00, 0xFF]

    /// The pattern id of every occurrence (one per place it ends), by trying each start.
    private func naive(_ patterns: [PatternMatcher.Pattern], _ stream: [UInt8]) -> [Int] {
        var found: [Int] = []
        for (id, p) in patterns.enumerated() where p.bytes.count <= stream.count {
            for start in 0...(stream.count - p.bytes.count) {
                let window = stream[start..<(start + p.bytes.count)]
                let same = p.nocase
                    ? zip(window, p.bytes).allSatisfy { ByteFold.lower($0) == ByteFold.lower($1) }
                    : zip(window, p.bytes).allSatisfy { $0 == $1 }
                if same { found.append(id) }
            }
        }
        return found
    }

    func testFindsEveryOccurrenceAsANaiveSearchDoes() {
        var random = Random(state: 19)
        var total = 0
        for round in 0..<400 {
            var patterns: [PatternMatcher.Pattern] = []
            for _ in 0..<(1 + random.below(12)) {
                let bytes = (0..<(1 + random.below(5))).map { _ in Self.alphabet[random.below(Self.alphabet.count)] }
                patterns.append(.init(bytes: bytes, nocase: random.below(2) == 0))
            }
            let buffer = (0..<random.below(120)).map { _ in Self.alphabet[random.below(Self.alphabet.count)] }
            let prefix: UInt8? = round % 3 == 0 ? UInt8(ascii: ".") : nil
            let matcher = PatternMatcher(patterns)
            var got: [Int] = []
            buffer.withUnsafeBytes { bytes in matcher.scan(bytes, prefix: prefix) { got.append($0) } }
            let expected = naive(patterns, (prefix.map { [$0] } ?? []) + buffer)
            XCTAssertEqual(got.sorted(), expected.sorted(), "round \(round): \(patterns) in \(buffer)")
            total += expected.count
        }
        XCTAssertGreaterThan(total, 1000, "the cases must actually contain matches")
    }

    func testCaseSensitivePatternsNeedTheExactBytes() {
        // "Ab" case-sensitive and "ab" nocase share the folded path a-b.
        let matcher = PatternMatcher([.init(bytes: Array("Ab".utf8), nocase: false),
                                      .init(bytes: Array("ab".utf8), nocase: true)])
        var got: [Int] = []
        Array("xaBAbab".utf8).withUnsafeBytes { matcher.scan($0) { got.append($0) } }
        // aB at 1: nocase only; Ab at 3: both; ab at 5: nocase only.
        XCTAssertEqual(got, [1, 0, 1, 1])
    }
}

@testable import OTSensorCore
import XCTest

/// One payload of a trace: the side that sent it and its bytes.
struct TracePayload {
    let isOrig: Bool
    let bytes: [UInt8]

    static func orig(_ hex: String) -> TracePayload { TracePayload(isOrig: true, bytes: hexBytes(hex)) }
    static func resp(_ hex: String) -> TracePayload { TracePayload(isOrig: false, bytes: hexBytes(hex)) }
    static func orig(text: String) -> TracePayload { TracePayload(isOrig: true, bytes: Array(text.utf8)) }
    static func resp(text: String) -> TracePayload { TracePayload(isOrig: false, bytes: Array(text.utf8)) }
}

/// Bytes from hex digits; white space between them is ignored.
func hexBytes(_ hex: String) -> [UInt8] {
    let digits = hex.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init)
    return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// Where feeding a recogniser stopped: its verdict, and which payload (or
/// piece) gave it when it decided.
struct FeedOutcome {
    var verdict: RecognizerVerdict
    var decidedAt: Int?

    var isViolation: Bool {
        if case .violated = verdict { return true }
        return false
    }
}

extension ServiceRecognizer {
    mutating func feed(_ bytes: [UInt8], isOrig: Bool) -> RecognizerVerdict {
        bytes.withUnsafeBytes { feed($0, isOrig: isOrig) }
    }

    /// Feeds the payloads in order, as the framework does, until a verdict.
    mutating func feed(_ payloads: [TracePayload]) -> FeedOutcome {
        for (index, payload) in payloads.enumerated() {
            let verdict = feed(payload.bytes, isOrig: payload.isOrig)
            if verdict != .undecided { return FeedOutcome(verdict: verdict, decidedAt: index) }
        }
        return FeedOutcome(verdict: .undecided, decidedAt: nil)
    }

    /// Feeds each payload in pieces of at most `size` bytes, as TCP may
    /// deliver a message across segments; `decidedAt` counts pieces.
    mutating func feed(_ payloads: [TracePayload], pieceSize size: Int) -> FeedOutcome {
        var piece = 0
        for payload in payloads {
            for start in stride(from: 0, to: payload.bytes.count, by: size) {
                let verdict = feed(Array(payload.bytes[start..<min(start + size, payload.bytes.count)]),
                                   isOrig: payload.isOrig)
                if verdict != .undecided { return FeedOutcome(verdict: verdict, decidedAt: piece) }
                piece += 1
            }
        }
        return FeedOutcome(verdict: .undecided, decidedAt: nil)
    }
}

/// The number of pieces of `size` bytes the payloads make.
func pieceCount(_ payloads: [TracePayload], size: Int) -> Int {
    payloads.reduce(0) { $0 + ($1.bytes.count + size - 1) / size }
}

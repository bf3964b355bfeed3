/// `content` and its modifiers (detect-content.c, detect-depth.c,
/// detect-distance.c, detect-within.c, detect-nocase.c, detect-startswith.c,
/// detect-endswith.c, detect-fast-pattern.c).
public struct ContentMatch: Sendable {
    public var pattern: [UInt8]
    public var negated = false
    public var nocase = false
    public var offset: IntOrVariable?
    public var depth: IntOrVariable?
    public var distance: IntOrVariable?
    public var within: IntOrVariable?
    public var startsWith = false
    public var endsWith = false
    public var fastPattern = false
    /// The fast_pattern:offset,length slice, when the rule chose one.
    public var fastPatternSlice: Range<Int>?

    var isRelative: Bool { distance != nil || within != nil }

    /// The bytes between `|…|` are hex, the rest literal with `\"`, `\\`,
    /// `\;` and `\:` escapes; a leading `!` negates.
    static func parse(_ raw: String) throws(RuleError) -> ContentMatch {
        let (negated, quoted) = try raw.quotedArgument(of: "content")
        let body = Array(quoted.utf8)
        var bytes: [UInt8] = []
        var i = 0, inHex = false, nibble: UInt8?
        while i < body.count {
            let c = body[i]
            if c == UInt8(ascii: "|") {
                guard nibble == nil else { throw RuleError("odd number of hex digits in content \(raw)") }
                inHex.toggle()
            } else if inHex {
                if c == UInt8(ascii: " ") {
                    guard nibble == nil else { throw RuleError("split hex byte in content \(raw)") }
                } else if let v = hexValue(c) {
                    if let high = nibble {
                        bytes.append(high << 4 | v)
                        nibble = nil
                    } else {
                        nibble = v
                    }
                } else {
                    throw RuleError("bad hex character in content \(raw)")
                }
            } else if c == UInt8(ascii: "\\") {
                guard i + 1 < body.count, [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: ";"),
                                             UInt8(ascii: ":")].contains(body[i + 1]) else {
                    throw RuleError("bad escape in content \(raw)")
                }
                bytes.append(body[i + 1])
                i += 1
            } else if c == UInt8(ascii: "\"") {
                throw RuleError("unescaped quote in content \(raw)")
            } else {
                bytes.append(c)
            }
            i += 1
        }
        guard !inHex else { throw RuleError("unterminated hex in content \(raw)") }
        guard !bytes.isEmpty else { throw RuleError("empty content") }
        return ContentMatch(pattern: bytes, negated: negated)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The search window for this content, given where the previous match
    /// ended, as Suricata computes it; nil when the window is empty.
    func window(previousEnd: Int, length: Int, variables: ExtractedValues) -> Range<Int>? {
        var start = 0, end = length
        if isRelative {
            let dist = distance.map { $0.resolve(variables) } ?? 0
            start = max(0, previousEnd + dist)
            if let within {
                end = min(end, previousEnd + dist + within.resolve(variables))
            }
        } else {
            if let offset { start = offset.resolve(variables) }
            if let depth { end = min(end, start + depth.resolve(variables)) }
            if startsWith { end = min(end, start + pattern.count) }
        }
        guard start >= 0, start <= end, end - start >= pattern.count else { return nil }
        return start..<end
    }

    /// The first position in `window` where the pattern occurs.
    func find(in buffer: UnsafeRawBufferPointer, window: Range<Int>) -> Int? {
        let n = pattern.count
        if endsWith {
            let at = buffer.count - n
            return at >= window.lowerBound && at + n <= window.upperBound && matches(buffer, at: at) ? at : nil
        }
        var at = window.lowerBound
        let last = window.upperBound - n
        let first = pattern[0]
        let firstUpper = ByteFold.upper(first), firstLower = ByteFold.lower(first)
        while at <= last {
            let b = buffer[at]
            if (b == first || (nocase && (b == firstUpper || b == firstLower))) && matches(buffer, at: at) {
                return at
            }
            at += 1
        }
        return nil
    }

    private func matches(_ buffer: UnsafeRawBufferPointer, at: Int) -> Bool {
        if nocase {
            for i in 0..<pattern.count where ByteFold.lower(buffer[at + i]) != ByteFold.lower(pattern[i]) {
                return false
            }
        } else {
            for i in 0..<pattern.count where buffer[at + i] != pattern[i] { return false }
        }
        return true
    }
}

/// ASCII case folding of single bytes.
enum ByteFold {
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 {
        b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    }

    @inline(__always) static func upper(_ b: UInt8) -> UInt8 {
        b >= 0x61 && b <= 0x7A ? b & ~0x20 : b
    }
}

/// A number in a rule option, or the name of a `byte_extract` variable.
public enum IntOrVariable: Sendable, Equatable {
    case value(Int)
    case variable(Int)

    func resolve(_ values: ExtractedValues) -> Int {
        switch self {
        case .value(let v): v
        case .variable(let index): Int(truncatingIfNeeded: values[index])
        }
    }
}

/// Values byte_extract stored during one rule's evaluation, by variable index.
struct ExtractedValues {
    static let capacity = 8
    var slots: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    subscript(index: Int) -> UInt64 {
        get { withUnsafeBytes(of: slots) { $0.load(fromByteOffset: index * 8, as: UInt64.self) } }
        set { withUnsafeMutableBytes(of: &slots) { $0.storeBytes(of: newValue, toByteOffset: index * 8, as: UInt64.self) } }
    }
}

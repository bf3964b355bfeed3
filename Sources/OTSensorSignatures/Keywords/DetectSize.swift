/// Size comparisons: `dsize` (payload), `bsize` (sticky buffer), `urilen`
/// (detect-dsize.c, detect-bsize.c, detect-urilen.c): `N`, `<N`, `>N`, `<=N`,
/// `>=N`, `!N`, `N<>M` (exclusive) and Suricata 7's `N-M`.
public struct NumericCondition: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual, between }
    public var kind: Kind
    public var value: Int
    public var upper: Int = 0

    static func parse(_ raw: String) throws(RuleError) -> NumericCondition {
        let text = raw.trimmingSpaces.replacingSpaces
        func number(_ s: Substring) throws(RuleError) -> Int {
            guard let v = Int(s), v >= 0 else { throw RuleError("bad number in \(raw)") }
            return v
        }
        if let r = text.firstRange(ofText: "<>") {
            let lo = try number(text[..<r.lowerBound]), hi = try number(text[r.upperBound...])
            guard lo < hi else { throw RuleError("range \(raw) runs backwards") }
            return NumericCondition(kind: .between, value: lo, upper: hi)
        }
        for (prefix, kind) in [("<=", Kind.lessOrEqual), (">=", .greaterOrEqual), ("<", .less), (">", .greater),
                               ("!", .notEqual), ("=", .equal)] where text.hasPrefix(prefix) {
            return NumericCondition(kind: kind, value: try number(text.dropFirst(prefix.count)))
        }
        if let dash = text.firstIndex(of: "-"), dash != text.startIndex {
            let lo = try number(text[..<dash]), hi = try number(text[text.index(after: dash)...])
            guard lo < hi else { throw RuleError("range \(raw) runs backwards") }
            return NumericCondition(kind: .between, value: lo, upper: hi)
        }
        return NumericCondition(kind: .equal, value: try number(Substring(text)))
    }

    /// As a `dsize`, what SignatureCreateMask asks of the packet: a payload
    /// (true), none (false, for `dsize:0`), or either (nil, for `<N`, `<=N`).
    /// A stream chunk to inspect counts as payload.
    var dsizeNeedsPayload: Bool? {
        switch kind {
        case .notEqual, .greater, .greaterOrEqual, .between: true
        case .equal: value > 0
        case .less, .lessOrEqual: nil
        }
    }

    func holds(_ x: Int) -> Bool {
        switch kind {
        case .equal: x == value
        case .notEqual: x != value
        case .less: x < value
        case .lessOrEqual: x <= value
        case .greater: x > value
        case .greaterOrEqual: x >= value
        case .between: x > value && x < upper
        }
    }
}

extension String {
    var replacingSpaces: String { String(filter { $0 != " " }) }

    func firstRange(ofText needle: String) -> Range<String.Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}

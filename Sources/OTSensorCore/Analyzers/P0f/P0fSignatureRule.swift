/// One `sig =` line of a TCP section, parsed with the checks of p0f's
/// `tcp_register_sig`.
struct P0fSignatureRule: Sendable {
    enum Window: Sendable, Equatable {
        case any
        /// `%N`: any multiple of N.
        case modulo(Int)
        case mssMultiple(Int)
        case mtuMultiple(Int)
        case exact(Int)
    }

    struct SyntaxError: Error {
        let reason: String
    }

    /// Index of the label in `P0fDatabase.labels`.
    var label: Int
    var line: Int
    /// nil for `*` (either version).
    var ipVersion: UInt8?
    var ttl: Int
    /// `N-`: a "random" TTL, matched only as an upper bound.
    var badTTL = false
    var ipOptionsLength: Int
    var mss: Int?
    var window: Window
    var windowScale: Int?
    var layout: [UInt8] = []
    var eolPadding = 0
    var quirks: P0fQuirks = []
    /// nil for `*`; true for `+` (payload present).
    var hasPayload: Bool?

    init(parsing text: String, label: Int, line: Int) throws {
        self.label = label
        self.line = line
        let fields = text.fields(separatedBy: ":").map(String.init)
        guard fields.count == 8 else { throw SyntaxError(reason: "signature needs 8 ':'-separated fields") }
        switch fields[0] {
        case "4": ipVersion = 4
        case "6": ipVersion = 6
        case "*": ipVersion = nil
        default: throw SyntaxError(reason: "unrecognized IP version")
        }
        (ttl, badTTL) = try Self.parseTTL(fields[1])
        guard let olen = Self.number(Substring(fields[2])), (0...255).contains(olen) else {
            throw SyntaxError(reason: "bogus IP option length")
        }
        ipOptionsLength = olen
        mss = try Self.wildcardNumber(fields[3], in: 0...65535, what: "MSS")
        let windowParts = fields[4].fields(separatedBy: ",").map(String.init)
        guard windowParts.count == 2 else { throw SyntaxError(reason: "window size and scale need a ','") }
        window = try Self.parseWindow(windowParts[0])
        windowScale = try Self.wildcardNumber(windowParts[1], in: 0...255, what: "window scale")
        try parseLayout(fields[5])
        try parseQuirks(fields[6])
        switch fields[7] {
        case "*": hasPayload = nil
        case "0": hasPayload = false
        case "+": hasPayload = true
        default: throw SyntaxError(reason: "malformed payload class")
        }
    }

    /// A decimal of one to six ASCII digits, checked on the bytes: `Character`
    /// counts and properties walk Unicode tables, and every slice loads the
    /// database before its first packet.
    private static func number(_ text: Substring) -> Int? {
        let digits = text.utf8
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static func parseTTL(_ text: String) throws -> (Int, Bool) {
        if text.hasSuffix("-"), let ttl = number(text.dropLast()), (1...255).contains(ttl) { return (ttl, true) }
        let parts = text.fields(separatedBy: "+")
        guard (1...2).contains(parts.count), let ttl = number(parts[0]), (1...255).contains(ttl) else {
            throw SyntaxError(reason: "bogus initial TTL")
        }
        guard parts.count == 2 else { return (ttl, false) }
        guard let added = number(parts[1]), ttl + added <= 255 else { throw SyntaxError(reason: "bogus initial TTL") }
        return (ttl + added, false)
    }

    private static func wildcardNumber(_ text: String, in range: ClosedRange<Int>, what: String) throws -> Int? {
        if text == "*" { return nil }
        guard let value = number(Substring(text)), range.contains(value) else { throw SyntaxError(reason: "bogus \(what)") }
        return value
    }

    private static func parseWindow(_ text: String) throws -> Window {
        if text == "*" { return .any }
        if text.hasPrefix("%") {
            guard let value = number(text.dropFirst()), (2...65535).contains(value) else {
                throw SyntaxError(reason: "bogus '%' window value")
            }
            return .modulo(value)
        }
        if text.hasPrefix("mss*") || text.hasPrefix("mtu*") {
            guard let value = number(text.dropFirst(4)), (1...1000).contains(value) else {
                throw SyntaxError(reason: "bogus MSS/MTU multiplier")
            }
            return text.hasPrefix("mss") ? .mssMultiple(value) : .mtuMultiple(value)
        }
        guard let value = number(Substring(text)), (0...65535).contains(value) else {
            throw SyntaxError(reason: "bogus window size")
        }
        return .exact(value)
    }

    private mutating func parseLayout(_ text: String) throws {
        guard !text.isEmpty else { return }
        let names = text.fields(separatedBy: ",")
        guard names.count <= P0fOption.maximumCount else { throw SyntaxError(reason: "too many TCP options") }
        for (index, name) in names.enumerated() {
            switch name {
            case "nop": layout.append(P0fOption.nop)
            case "mss": layout.append(P0fOption.mss)
            case "ws": layout.append(P0fOption.windowScale)
            case "sok": layout.append(P0fOption.sackPermitted)
            case "sack": layout.append(P0fOption.sack)
            case "ts": layout.append(P0fOption.timestamp)
            default:
                if name.hasPrefix("eol+") {
                    guard index == names.count - 1 else { throw SyntaxError(reason: "EOL must be the last option") }
                    guard let pad = Self.number(name.dropFirst(4)), pad <= 255 else {
                        throw SyntaxError(reason: "bogus EOL padding")
                    }
                    layout.append(P0fOption.eol)
                    eolPadding = pad
                } else if name.hasPrefix("?"), let kind = Self.number(name.dropFirst()), kind <= 255 {
                    layout.append(UInt8(kind))
                } else {
                    throw SyntaxError(reason: "unrecognized TCP option '\(name)'")
                }
            }
        }
    }

    private mutating func parseQuirks(_ text: String) throws {
        guard !text.isEmpty else { return }
        for name in text.fields(separatedBy: ",") {
            guard let quirk = P0fQuirks.names.first(where: { $0.1 == name })?.0 else {
                throw SyntaxError(reason: "unrecognized quirk '\(name)'")
            }
            if ipVersion == 6 && (P0fQuirks.ipv4Only.contains(quirk) || quirk == .mustBeZero) {
                throw SyntaxError(reason: "'\(name)' is not valid for IPv6")
            }
            if ipVersion == 4 && quirk == .flow { throw SyntaxError(reason: "'flow' is not valid for IPv4") }
            quirks.insert(quirk)
        }
    }
}

extension StringProtocol where UTF8View.SubSequence == Substring.UTF8View {
    /// The text between `separator`s, empty fields kept. Cut at the ASCII
    /// separator's bytes: `split` on `Character`s walks grapheme boundaries,
    /// which was most of the time every slice spent loading p0f's database.
    func fields(separatedBy separator: Unicode.Scalar) -> [Substring] {
        utf8.split(separator: UInt8(ascii: separator), omittingEmptySubsequences: false).map { Substring($0) }
    }
}

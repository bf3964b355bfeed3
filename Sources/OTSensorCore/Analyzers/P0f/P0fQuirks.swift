/// p0f's quirks (fp_tcp.h), in the order p0f prints them in a signature.
struct P0fQuirks: OptionSet, Hashable, Sendable {
    let rawValue: UInt32

    static let df = P0fQuirks(rawValue: 1 << 0)
    static let nonZeroID = P0fQuirks(rawValue: 1 << 1)
    static let zeroID = P0fQuirks(rawValue: 1 << 2)
    static let ecn = P0fQuirks(rawValue: 1 << 3)
    static let mustBeZero = P0fQuirks(rawValue: 1 << 4)
    static let flow = P0fQuirks(rawValue: 1 << 5)
    static let zeroSequence = P0fQuirks(rawValue: 1 << 6)
    static let nonZeroAck = P0fQuirks(rawValue: 1 << 7)
    static let zeroAck = P0fQuirks(rawValue: 1 << 8)
    static let nonZeroUrgent = P0fQuirks(rawValue: 1 << 9)
    static let urgent = P0fQuirks(rawValue: 1 << 10)
    static let push = P0fQuirks(rawValue: 1 << 11)
    static let zeroTimestamp = P0fQuirks(rawValue: 1 << 12)
    static let nonZeroEchoedTimestamp = P0fQuirks(rawValue: 1 << 13)
    static let dataAfterEOL = P0fQuirks(rawValue: 1 << 14)
    static let excessiveWindowScale = P0fQuirks(rawValue: 1 << 15)
    static let badOptions = P0fQuirks(rawValue: 1 << 16)

    /// Every quirk with its signature spelling, in print order.
    static let names: [(P0fQuirks, String)] = [
        (.df, "df"), (.nonZeroID, "id+"), (.zeroID, "id-"), (.ecn, "ecn"), (.mustBeZero, "0+"), (.flow, "flow"),
        (.zeroSequence, "seq-"), (.nonZeroAck, "ack+"), (.zeroAck, "ack-"), (.nonZeroUrgent, "uptr+"),
        (.urgent, "urgf+"), (.push, "pushf+"), (.zeroTimestamp, "ts1-"), (.nonZeroEchoedTimestamp, "ts2+"),
        (.dataAfterEOL, "opt+"), (.excessiveWindowScale, "exws"), (.badOptions, "bad"),
    ]

    /// The quirks that belong to IPv4 or IPv6 only (dropped from a `*` signature
    /// when matching a packet of the other version).
    static let ipv4Only: P0fQuirks = [.df, .nonZeroID, .zeroID]
}

/// TCP option kinds as p0f names them in a layout.
enum P0fOption {
    static let eol: UInt8 = 0, nop: UInt8 = 1, mss: UInt8 = 2, windowScale: UInt8 = 3
    static let sackPermitted: UInt8 = 4, sack: UInt8 = 5, timestamp: UInt8 = 8
    /// p0f stops recording the layout after this many options (MAX_TCP_OPT).
    static let maximumCount = 24

    static func name(_ kind: UInt8) -> String {
        switch kind {
        case nop: "nop"
        case mss: "mss"
        case windowScale: "ws"
        case sackPermitted: "sok"
        case sack: "sack"
        case timestamp: "ts"
        default: "?\(kind)"
        }
    }
}

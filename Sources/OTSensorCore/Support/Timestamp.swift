/// A packet time with nanosecond resolution.
///
/// Kept as integer nanoseconds so that durations and orderings are exact and
/// identical on every run; Zeek prints times rounded to the microsecond, which
/// `microsecondsRounded` provides.
public struct Timestamp: Hashable, Comparable, Sendable {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public init(seconds: Int64, microseconds: Int64) {
        self.nanoseconds = seconds &* 1_000_000_000 &+ microseconds &* 1_000
    }

    public init(seconds: Int64, nanoseconds: Int64) {
        self.nanoseconds = seconds &* 1_000_000_000 &+ nanoseconds
    }

    public static let zero = Timestamp(nanoseconds: 0)

    /// Packet times a capture file may hold: from 1970 to about 2223. Earlier
    /// times print as negative numbers, and later ones leave too little room in
    /// 64-bit nanoseconds for timeouts added to them; a file's time field can
    /// hold either, so readers map them to `invalid` and the slice skips and
    /// counts such packets.
    public static let plausibleSeconds: ClosedRange<Int64> = 0...8_000_000_000

    /// The time of a packet whose recorded time is outside `plausibleSeconds`.
    public static let invalid = Timestamp(nanoseconds: .min)

    public var isPlausible: Bool { self != .invalid }

    /// A capture file's packet time, or `invalid` when it is out of range.
    public static func captured<Seconds: BinaryInteger>(seconds: Seconds, nanoseconds: Int64) -> Timestamp {
        guard let whole = Int64(exactly: seconds), plausibleSeconds.contains(whole),
              (0..<1_000_000_000).contains(nanoseconds) else { return .invalid }
        return Timestamp(seconds: whole, nanoseconds: nanoseconds)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The time rounded half away from zero to whole microseconds.
    public var microsecondsRounded: Int64 {
        let q = nanoseconds / 1_000, r = nanoseconds % 1_000
        if r >= 500 { return q + 1 }
        if r <= -500 { return q - 1 }
        return q
    }

    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(nanoseconds: nanoseconds &+ seconds &* 1_000_000_000)
    }

    public func interval(since earlier: Timestamp) -> Duration {
        Duration(nanoseconds: nanoseconds &- earlier.nanoseconds)
    }

    /// Seconds as a floating-point value, for JSON output and reports.
    public var secondsDouble: Double { Double(nanoseconds) / 1e9 }
}

/// A signed span of packet time in nanoseconds (Zeek's `interval`).
public struct Duration: Hashable, Comparable, Sendable {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static func seconds(_ s: Int64) -> Duration { Duration(nanoseconds: s * 1_000_000_000) }

    public static func < (lhs: Duration, rhs: Duration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public static let zero = Duration(nanoseconds: 0)

    public var microsecondsRounded: Int64 { Timestamp(nanoseconds: nanoseconds).microsecondsRounded }
}

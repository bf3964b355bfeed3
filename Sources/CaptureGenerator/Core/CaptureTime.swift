/// The moment a packet was captured, kept as whole seconds plus nanoseconds.
///
/// Integers rather than a `Double` so that hand-worked scenarios produce exactly
/// the timestamps (and Zeek durations) that were written down, on every run.
public struct CaptureTime: Hashable, Comparable, Sendable {
    public private(set) var seconds: Int64
    /// Always in `0..<1_000_000_000`.
    public private(set) var nanoseconds: Int64

    public init(seconds: Int64, nanoseconds: Int64 = 0) {
        self.seconds = seconds + nanoseconds.floorDivided(by: 1_000_000_000)
        self.nanoseconds = nanoseconds - nanoseconds.floorDivided(by: 1_000_000_000) * 1_000_000_000
    }

    public init(seconds: Int64, microseconds: Int64) {
        self.init(seconds: seconds, nanoseconds: microseconds * 1_000)
    }

    public func advanced(byNanoseconds delta: Int64) -> CaptureTime {
        CaptureTime(seconds: seconds, nanoseconds: nanoseconds + delta)
    }

    public func advanced(byMicroseconds delta: Int64) -> CaptureTime {
        advanced(byNanoseconds: delta * 1_000)
    }

    public static func < (lhs: CaptureTime, rhs: CaptureTime) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor < 0) ? q - 1 : q
    }
}

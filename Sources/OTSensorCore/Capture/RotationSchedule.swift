import Foundation

/// Slice boundaries on the wall clock: multiples of `seconds` since the epoch, so a
/// 60-second rotation starts every file on the minute whatever time capture started.
public struct RotationSchedule: Sendable, Equatable {
    public let seconds: Int

    public init(seconds: Int) { self.seconds = max(1, seconds) }

    /// The start of the slot `date` falls in.
    public func slotStart(containing date: Date) -> Date {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        return Date(timeIntervalSince1970: TimeInterval(t - ((t % seconds) + seconds) % seconds))
    }

    public func slotEnd(containing date: Date) -> Date {
        slotStart(containing: date).addingTimeInterval(TimeInterval(seconds))
    }
}

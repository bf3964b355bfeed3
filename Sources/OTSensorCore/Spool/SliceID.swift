import Foundation

/// A slice's name in the spool: its UTC start time, then the sensor's label, e.g.
/// `20261123T104100Z-plant-a`. Names sort in time order, and two sensors sharing an
/// upload endpoint never produce the same name.
public struct SliceID: Sendable, Hashable, CustomStringConvertible {
    public let start: Date
    public let label: String

    public init(start: Date, label: String) {
        self.start = start
        self.label = label
    }

    public var description: String {
        let safe = Self.sanitized(label)
        return safe.isEmpty ? Self.timeText(start) : "\(Self.timeText(start))-\(safe)"
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    public static func timeText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return String(format: "%04d", c.year ?? 0) + two(c.month) + two(c.day) + "T"
            + two(c.hour) + two(c.minute) + two(c.second) + "Z"
    }

    /// Labels end up in file names and upload fields: keep letters, digits, '.', '_' and '-'.
    public static func sanitized(_ label: String) -> String {
        String(label.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }
}

/// yafscii's text forms, as yaf.awk ships them (LOGS.md §6.2).
enum YAFText {
    /// Whole milliseconds since the epoch (yafscii truncates).
    static func milliseconds(_ time: Timestamp) -> Int64 {
        time.nanoseconds >= 0 ? time.nanoseconds / 1_000_000 : (time.nanoseconds - 999_999) / 1_000_000
    }

    /// `1710983421.719`: epoch seconds and the 3 millisecond digits.
    static func epoch(_ time: Timestamp) -> String {
        let ms = milliseconds(time)
        return "\(floorDiv(ms, 1000)).\(pad(Int(ms - floorDiv(ms, 1000) * 1000), 3))"
    }

    /// `2024-03-21 01:10:21.719`, UTC.
    static func dateTime(_ time: Timestamp) -> String {
        let ms = milliseconds(time)
        let seconds = floorDiv(ms, 1000), days = floorDiv(seconds, 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let secondOfDay = Int(seconds - days * 86_400)
        return "\(year)-\(pad(month, 2))-\(pad(day, 2)) \(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):"
            + "\(pad(secondOfDay % 60, 2)).\(pad(Int(ms - seconds * 1000), 3))"
    }

    /// A non-negative millisecond count as seconds with 3 decimals: `0.002`.
    static func seconds(milliseconds ms: Int64) -> String {
        "\(ms / 1000).\(pad(Int(ms % 1000), 3))"
    }

    /// IPv4 dotted quad, or YAF's IPv6 form: `%04x` groups, the first run of
    /// zero groups (even a single one) written `::`.
    static func address(_ address: IPAddress) -> String {
        if address.isIPv4 {
            let v = address.ipv4Value
            return "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)"
        }
        var groups: [UInt16] = []
        for half in [address.high, address.low] {
            for shift in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: half >> UInt64(shift))) }
        }
        let hex = groups.map { pad(String($0, radix: 16), 4) }
        guard let start = groups.firstIndex(of: 0) else { return hex.joined(separator: ":") }
        let end = groups[start...].firstIndex(where: { $0 != 0 }) ?? groups.count
        return hex[..<start].joined(separator: ":") + "::" + hex[end...].joined(separator: ":")
    }

    /// VLAN id as lower-case hex, at least 3 digits.
    static func vlan(_ id: UInt16) -> String { pad(String(id, radix: 16), 3) }

    private static func pad(_ value: Int, _ width: Int) -> String { pad(String(value), width) }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    /// Proleptic Gregorian date of a day count (H. Hinnant's civil_from_days).
    private static func civilDate(daysSinceEpoch days: Int64) -> (Int64, Int, Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// The `%Y-%m-%d-%H-%M-%S` stamp of `#open`/`#close`, in UTC.
///
/// Computed from the days since the epoch (Howard Hinnant's civil-from-days) so
/// that it depends neither on Foundation's calendars nor on the time zone of the
/// machine: the same capture must give the same bytes everywhere.
enum ZeekLogDate {
    static func append(_ time: Timestamp, to out: inout some ByteSink) {
        let seconds = floorDivide(time.nanoseconds, 1_000_000_000)
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400

        let shifted = days + 719_468  // days from 0000-03-01
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        LogText.appendDecimal(year, to: &out)
        for part in [month, day, secondOfDay / 3_600, secondOfDay % 3_600 / 60, secondOfDay % 60] {
            out.append(0x2D)
            LogText.appendDecimal(UInt64(part), minimumWidth: 2, to: &out)
        }
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}

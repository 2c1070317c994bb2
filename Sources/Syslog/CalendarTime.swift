import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A broken-down UTC time with milliseconds, computed by hand: the formatter runs once per record on the
/// hot path, `DateFormatter` is slow and not Sendable, and glibc's `gmtime_r` takes a process-wide lock.
/// Public so the collector's log lines carry the same timestamps as its records.
public struct CalendarTime: Equatable {
    var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int

    public init(utc date: Date) {
        // Nearest, not truncated: a Date's Double rarely holds a decimal fraction exactly, and truncating
        // would print .677 for an instant given as .678.
        self.init(epochMilliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// The instant `totalMillis` milliseconds after 1970-01-01T00:00:00Z (rounded as the caller needs).
    public init(epochMilliseconds totalMillis: Int64) {
        let (seconds, millis) = Self.floorDivision(totalMillis, 1000)
        let (days, secondOfDay) = Self.floorDivision(seconds, 86_400)
        (year, month, day) = Self.civilDate(daysSince1970: days)
        hour = Int(secondOfDay / 3600)
        minute = Int(secondOfDay % 3600 / 60)
        second = Int(secondOfDay % 60)
        millisecond = Int(millis)
    }

    /// Quotient rounded down and a non-negative remainder (instants before 1970 are negative).
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    /// Proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's `civil_from_days`).
    private static func civilDate(daysSince1970 days: Int64) -> (Int, Int, Int) {
        let shifted = days + 719_468   // days since 0000-03-01, so leap days fall at the end of a year
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    /// RFC 3339 as RFC 5424 wants it: `2024-01-02T03:04:05.678Z` (UTC, so no offset arithmetic at receivers).
    public func appendRFC3339(to buffer: inout [UInt8]) {
        guard (0...9999).contains(year) else {   // RFC 3339 has four year digits; keep the old path for the absurd
            buffer.appendDigits(year, width: 4); buffer.append(UInt8(ascii: "-"))
            buffer.appendDigits(month, width: 2); buffer.append(UInt8(ascii: "-"))
            buffer.appendDigits(day, width: 2); buffer.append(UInt8(ascii: "T"))
            appendClock(to: &buffer)
            buffer.append(UInt8(ascii: ".")); buffer.appendDigits(millisecond, width: 3)
            buffer.append(UInt8(ascii: "Z"))
            return
        }
        // Once per record: the 24 bytes are filled in place and appended at once.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { text in
            func put(_ value: Int, width: Int, at offset: Int) {
                var rest = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    text[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
            }
            put(year, width: 4, at: 0); text[4] = UInt8(ascii: "-")
            put(month, width: 2, at: 5); text[7] = UInt8(ascii: "-")
            put(day, width: 2, at: 8); text[10] = UInt8(ascii: "T")
            put(hour, width: 2, at: 11); text[13] = UInt8(ascii: ":")
            put(minute, width: 2, at: 14); text[16] = UInt8(ascii: ":")
            put(second, width: 2, at: 17); text[19] = UInt8(ascii: ".")
            put(millisecond, width: 3, at: 20); text[23] = UInt8(ascii: "Z")
            buffer.append(contentsOf: UnsafeBufferPointer(text))
        }
    }

    /// RFC 3164's `Mmm dd hh:mm:ss`, day padded with a space (`Nov  4`), as BSD syslogd writes it.
    func appendRFC3164(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: Self.monthNames[month - 1].utf8)
        buffer.append(UInt8(ascii: " "))
        if day < 10 { buffer.append(UInt8(ascii: " ")) }
        buffer.appendDigits(day, width: 1)
        buffer.append(UInt8(ascii: " "))
        appendClock(to: &buffer)
    }

    private func appendClock(to buffer: inout [UInt8]) {
        buffer.appendDigits(hour, width: 2); buffer.append(UInt8(ascii: ":"))
        buffer.appendDigits(minute, width: 2); buffer.append(UInt8(ascii: ":"))
        buffer.appendDigits(second, width: 2)
    }

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

extension Array where Element == UInt8 {
    /// Appends a non-negative decimal number, zero-padded to at least `width` digits.
    mutating func appendDigits(_ value: Int, width: Int) {
        let value = Swift.max(value, 0)
        var divisor = 1, digitCount = 1
        while divisor <= value / 10 { divisor *= 10; digitCount += 1 }
        if width > digitCount { append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digitCount)) }
        var rest = value
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A broken-down UTC time with milliseconds, computed with `gmtime_r` because the formatter runs once per
/// record on the hot path and `DateFormatter` is both slow and not Sendable.
struct CalendarTime: Equatable {
    var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int

    init(utc date: Date) {
        // Nearest, not truncated: a Date's Double rarely holds a decimal fraction exactly, and truncating
        // would print .677 for an instant given as .678.
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(totalMillis / 1000)
        var millis = Int(totalMillis % 1000)
        if millis < 0 { millis += 1000; seconds -= 1 }   // before 1970 the remainder is negative
        var parts = tm()
        gmtime_r(&seconds, &parts)
        year = Int(parts.tm_year) + 1900
        month = Int(parts.tm_mon) + 1
        day = Int(parts.tm_mday)
        hour = Int(parts.tm_hour)
        minute = Int(parts.tm_min)
        second = Int(parts.tm_sec)
        millisecond = millis
    }

    /// RFC 3339 as RFC 5424 wants it: `2024-01-02T03:04:05.678Z` (UTC, so no offset arithmetic at receivers).
    func appendRFC3339(to buffer: inout [UInt8]) {
        buffer.appendDigits(year, width: 4); buffer.append(UInt8(ascii: "-"))
        buffer.appendDigits(month, width: 2); buffer.append(UInt8(ascii: "-"))
        buffer.appendDigits(day, width: 2); buffer.append(UInt8(ascii: "T"))
        appendClock(to: &buffer)
        buffer.append(UInt8(ascii: ".")); buffer.appendDigits(millisecond, width: 3)
        buffer.append(UInt8(ascii: "Z"))
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

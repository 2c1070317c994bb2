import JSONBytes

/// RFC 3339 date-times (`2025-01-02T03:04:05.123Z`, `2025-01-02T03:04:05+02:00`), the way Rapid7 sends every
/// time, read straight from their bytes into epoch milliseconds.
///
/// Records carry epoch milliseconds (like Inspector's). A formatter per record would cost more than mapping
/// the rest of it, and Foundation's are not Sendable, so the few fixed-width fields are read by hand.
/// Accepted: `T`, `t` or a space between date and time (RFC 3339 §5.6 note), any number of fraction digits
/// (beyond milliseconds they are cut, not rounded: a time never moves into the next millisecond), `Z`, `z` or
/// a `±HH:MM` offset. Anything else is not a time: nil, and the record leaves the field out.
enum RFC3339Milliseconds {
    /// The epoch milliseconds of the date-time spelled by `text`; nil when it is not one.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard text.count >= 20 else { return nil }   // YYYY-MM-DDTHH:MM:SSZ is the shortest
        guard let year = digits(text, 0, 4), text[4] == UInt8(ascii: "-"),
              let month = digits(text, 5, 2), text[7] == UInt8(ascii: "-"),
              let day = digits(text, 8, 2),
              text[10] == UInt8(ascii: "T") || text[10] == UInt8(ascii: "t") || text[10] == UInt8(ascii: " "),
              let hour = digits(text, 11, 2), text[13] == UInt8(ascii: ":"),
              let minute = digits(text, 14, 2), text[16] == UInt8(ascii: ":"),
              let second = digits(text, 17, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second <= 60 else { return nil }   // 60: a leap second
        var index = 19
        var millisecond: Int64 = 0
        if text[index] == UInt8(ascii: ".") {
            index += 1
            let first = index
            var scale: Int64 = 100
            while index < text.count, text[index] &- UInt8(ascii: "0") < 10 {
                millisecond += Int64(text[index] &- UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > first else { return nil }
        }
        guard index < text.count else { return nil }
        var offsetMinutes: Int64 = 0
        switch text[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == text.count, let offsetHour = digits(text, index + 1, 2),
                  text[index + 3] == UInt8(ascii: ":"), let offsetMinute = digits(text, index + 4, 2),
                  offsetHour < 24, offsetMinute < 60 else { return nil }
            offsetMinutes = offsetHour * 60 + offsetMinute
            if text[index] == UInt8(ascii: "-") { offsetMinutes = -offsetMinutes }
            index += 6
        default:
            return nil
        }
        guard index == text.count else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60 + second
        return seconds * 1000 + millisecond
    }

    /// The string at `node` as epoch milliseconds; nil when absent, not a string, or not a date-time (an
    /// escaped string is never one: its escapes could only spell characters a date-time does not have).
    static func milliseconds(_ node: JSONNode?, in view: JSONView) -> Int64? {
        guard let node = view.ofKind(node, .string), let text = view.unescapedStringBytes(node) else { return nil }
        return parse(text)
    }

    /// The unsigned decimal of `count` ASCII digits at `start`; nil when one is not a digit.
    @inline(__always)
    private static func digits(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for index in start..<(start + count) {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the proleptic Gregorian date (Howard Hinnant's `days_from_civil`: whole
    /// 400-year eras, the year counted from March so the leap day comes last).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

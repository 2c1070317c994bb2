import FindingsCollector
import Glibc

/// RFC 3339 for the Rapid7 double: written with milliseconds in UTC (as the collector writes it), read in the forms the API accepts
/// (`Z` or an offset, optional fraction; a bare date means midnight UTC).
public enum Rapid7Time {
    /// The collector's own formatter: what it sends in criteria is what the double writes in answers.
    public static func format(_ epochSeconds: Double) -> String {
        Rapid7Timestamp.rfc3339(epochSeconds)
    }

    /// Epoch seconds, or nil when `text` is not an RFC 3339 date-time (or date).
    public static func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int32? {
            guard start + count <= bytes.count else { return nil }
            var value: Int32 = 0
            for byte in bytes[start..<start + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes.count >= 10, bytes[4] == 45, let month = number(5, 2), bytes[7] == 45,
              let day = number(8, 2), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        if bytes.count == 10 { return Double(timegm(&parts)) }
        guard bytes.count >= 19, bytes[10] == 84 || bytes[10] == 116, let hour = number(11, 2), bytes[13] == 58,
              let minute = number(14, 2), bytes[16] == 58, let second = number(17, 2),
              hour < 24, minute < 60, second < 61 else { return nil }
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offset = 0
        if index == bytes.count {
            offset = 0 // no zone: UTC, as the API reference says
        } else if bytes[index] == 90 || bytes[index] == 122, index + 1 == bytes.count {
            offset = 0
        } else if bytes[index] == 43 || bytes[index] == 45, index + 6 == bytes.count, let h = number(index + 1, 2),
                  bytes[index + 3] == 58, let m = number(index + 4, 2) {
            offset = (bytes[index] == 43 ? 1 : -1) * Int(h * 3600 + m * 60)
        } else {
            return nil
        }
        return Double(timegm(&parts)) + fraction - Double(offset)
    }
}

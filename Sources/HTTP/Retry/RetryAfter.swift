import Foundation

/// Reads a Retry-After header: delta-seconds (AWS sends these) or an HTTP-date (RFC 9110).
public enum RetryAfter {
    /// Seconds to wait from `now`, or nil when the value is neither form or is negative.
    public static func seconds(_ value: String, now: Date) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) {
            return seconds.isFinite && seconds >= 0 ? seconds : nil
        }
        guard let date = httpDate(text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), read by hand: glibc's strptime is not visible to
    /// Swift and DateFormatter depends on locale setup.
    private static func httpDate(_ text: String) -> Date? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let words = text.split(separator: " ")
        guard words.count == 6, words[5] == "GMT", let day = Int32(words[1]),
              let month = months.firstIndex(of: String(words[2])), let year = Int32(words[3]) else { return nil }
        let clock = words[4].split(separator: ":").compactMap { Int32($0) }
        guard clock.count == 3 else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = Int32(month)
        parts.tm_mday = day
        parts.tm_hour = clock[0]
        parts.tm_min = clock[1]
        parts.tm_sec = clock[2]
        return Date(timeIntervalSince1970: Double(timegm(&parts)))
    }
}

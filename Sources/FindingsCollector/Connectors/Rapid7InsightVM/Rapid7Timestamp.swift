import Syslog

/// Formats instants as Rapid7 reads them in query parameters and search criteria: RFC 3339 in UTC with
/// milliseconds, `2025-03-04T05:06:07.089Z` (the API reference's examples use this form).
public enum Rapid7Timestamp {
    /// Epoch seconds to RFC 3339 (`CalendarTime`, as syslog timestamps). Milliseconds are truncated, never
    /// rounded up: rounding could move a comparison time past a change that happened in its last millisecond.
    public static func rfc3339(_ epochSeconds: Double) -> String {
        let clamped = max(0, epochSeconds)
        let whole = clamped.rounded(.down)
        // To the microsecond first (a binary double holds .089 as .08899…), then truncated to milliseconds.
        let micros = Int64(((clamped - whole) * 1_000_000).rounded())
        var text: [UInt8] = []
        CalendarTime(epochMilliseconds: Int64(whole) * 1000 + min(999, micros / 1000)).appendRFC3339(to: &text)
        return String(decoding: text, as: UTF8.self)
    }
}

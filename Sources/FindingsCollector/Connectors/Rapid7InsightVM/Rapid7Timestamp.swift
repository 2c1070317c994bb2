import Glibc

/// Formats instants as Rapid7 reads them in query parameters and search criteria: RFC 3339 in UTC with
/// milliseconds, `2025-03-04T05:06:07.089Z` (the API reference's examples use this form).
enum Rapid7Timestamp {
    /// Epoch seconds to RFC 3339. Written by hand with `gmtime_r` so that the output does not depend on the
    /// locale or on Foundation's formatter options; milliseconds are truncated, never rounded up (rounding
    /// could move a comparison time past a change that happened in its last millisecond).
    static func rfc3339(_ epochSeconds: Double) -> String {
        let clamped = max(0, epochSeconds)
        var whole = time_t(clamped.rounded(.down))
        // To the microsecond first (a binary double holds .089 as .08899…), then truncated to milliseconds.
        let micros = Int(((clamped - clamped.rounded(.down)) * 1_000_000).rounded())
        let millis = min(999, micros / 1000)
        var parts = tm()
        gmtime_r(&whole, &parts)
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
            + "." + pad(millis, 3) + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

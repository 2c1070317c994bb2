import Foundation

/// Reads the expiration times AWS sends: `2024-05-01T12:00:00Z`, with or without fractional seconds.
enum ISO8601Timestamp {
    static func parse(_ text: String) -> Date? {
        // Formatters are created per call: they are not Sendable, and expirations are parsed rarely.
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}

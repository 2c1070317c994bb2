import Foundation

/// The span of `updatedAt` one pass lists, in epoch seconds, both ends inclusive.
/// Polling on `updatedAt` (not `lastObservedAt`) is what catches a finding moving to CLOSED or SUPPRESSED.
public struct UpdatedAtWindow: Sendable, Equatable, CustomStringConvertible {
    public var start: Double
    public var end: Double

    /// Inspector2 rejects dates outside [1970, 2033): clamp rather than fail a whole pass.
    static let latestAccepted: Double = 1_988_150_400 // 2033-01-01T00:00:00Z

    /// From the saved cursor (or `lookback` before now) to `settle` seconds before now, so that
    /// findings AWS is still writing are picked up by the next pass instead of being missed.
    public static func next(cursor: Double?, now: Date, lookbackHours: Double, settleSeconds: Double) -> UpdatedAtWindow? {
        let end = min(now.timeIntervalSince1970 - settleSeconds, latestAccepted)
        let start = max(cursor ?? (now.timeIntervalSince1970 - lookbackHours * 3600), 0)
        guard end > start else { return nil }
        return UpdatedAtWindow(start: start, end: end)
    }

    public var description: String {
        let format = ISO8601DateFormatter()
        return "\(format.string(from: Date(timeIntervalSince1970: start)))…\(format.string(from: Date(timeIntervalSince1970: end)))"
    }
}

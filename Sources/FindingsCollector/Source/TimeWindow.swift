import Foundation

/// The span of time one pass collects, in epoch seconds, both ends inclusive: what changed from the cursor
/// (or the initial lookback) to now. Each source reads it its own way: Inspector2 lists findings whose
/// `updatedAt` falls in it (not `lastObservedAt`: that is what catches a finding moving to CLOSED); Rapid7
/// asks for the changes since `start`.
public struct TimeWindow: Sendable, Equatable, CustomStringConvertible {
    public var start: Double
    public var end: Double
    /// No pass has delivered anything yet: `start` is the initial lookback, not a cursor. A source that lists
    /// "changes since" asks for everything current on the first window instead.
    public var isInitial = false

    public init(start: Double, end: Double, isInitial: Bool = false) {
        self.start = start
        self.end = end
        self.isInitial = isInitial
    }

    /// Inspector2 rejects dates outside [1970, 2033): clamp rather than fail a whole pass.
    static let latestAccepted: Double = 1_988_150_400 // 2033-01-01T00:00:00Z

    /// From the saved cursor (or `lookback` before now) to `settle` seconds before now, so that
    /// findings AWS is still writing are picked up by the next pass instead of being missed.
    public static func next(cursor: Double?, now: Date, lookbackHours: Double, settleSeconds: Double) -> TimeWindow? {
        let end = min(now.timeIntervalSince1970 - settleSeconds, latestAccepted)
        let start = max(cursor ?? (now.timeIntervalSince1970 - lookbackHours * 3600), 0)
        guard end > start else { return nil }
        return TimeWindow(start: start, end: end, isInitial: cursor == nil)
    }

    public var description: String {
        let format = ISO8601DateFormatter()
        return "\(format.string(from: Date(timeIntervalSince1970: start)))…\(format.string(from: Date(timeIntervalSince1970: end)))"
    }
}

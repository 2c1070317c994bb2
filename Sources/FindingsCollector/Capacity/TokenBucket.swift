/// A token bucket with injected time: `burst` tokens at most, refilled at `ratePerSecond`; one token sends one record.
///
/// Time is whatever monotonic seconds the caller passes; a `now` earlier than a previous one counts as no time passing.
public struct TokenBucket: Sendable, Equatable {
    public let ratePerSecond: Double
    public let burst: Int
    private var tokens: Double
    private var refilledAt: Double

    /// Refill arithmetic in floating point can leave 0.9999999 where exactly 1 token is due; this much is forgiven.
    private static let tolerance = 1e-9

    /// A full bucket at `now`, so the first `burst` records leave at once.
    public init(ratePerSecond: Double, burst: Int, now: Double) {
        precondition(ratePerSecond > 0 && ratePerSecond.isFinite, "ratePerSecond must be positive")
        precondition(burst >= 1, "burst must be at least 1")
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        self.tokens = Double(burst)
        self.refilledAt = now
    }

    /// Whole tokens available at `now` (never more than `burst`).
    public func available(now: Double) -> Int {
        Self.whole(level(at: now))
    }

    /// Takes as many whole tokens as are available, up to `upTo`, and returns how many it took.
    public mutating func take(upTo wanted: Int, now: Double) -> Int {
        tokens = level(at: now)
        refilledAt = max(refilledAt, now)
        let granted = min(max(wanted, 0), Self.whole(tokens))
        tokens = max(0, tokens - Double(granted))
        return granted
    }

    /// Seconds from `now` until at least one whole token is available; 0 when one already is.
    public func secondsUntilAvailable(now: Double) -> Double {
        let missing = 1 - level(at: now)
        return missing <= Self.tolerance ? 0 : missing / ratePerSecond
    }

    private func level(at now: Double) -> Double {
        let elapsed = max(0, now - refilledAt)
        return min(Double(burst), tokens + elapsed * ratePerSecond)
    }

    private static func whole(_ level: Double) -> Int {
        let rounded = (level + tolerance).rounded(.down)
        return rounded >= Double(Int.max) ? .max : Int(rounded)
    }
}

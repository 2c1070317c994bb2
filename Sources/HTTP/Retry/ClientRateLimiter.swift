import Foundation

/// The AWS SDKs' "adaptive" retry mode client-side rate limiter, shared by every call of one client (one
/// service in one region): a token bucket that each attempt draws from, whose fill rate drops to 70 % of the
/// measured send rate on a throttling answer and climbs back along a CUBIC curve (RFC 8312) as successes come.
///
/// Why: retrying with backoff handles one throttled request but does not change how fast the next ones go,
/// so a throttled account keeps hitting the limit until attempts run out. Slowing the whole client down
/// finds a rate the service accepts. Constants are the SDKs' (botocore, aws-sdk-js-v3, aws-sdk-ruby).
/// Until the first throttle the limiter is off and costs one actor hop per attempt.
///
/// It does no I/O and reads no clock: callers pass the time and do the waiting, so tests are exact.
public actor ClientRateLimiter {
    /// How much of the rate is kept after a throttle.
    public static let beta = 0.7
    /// How fast the rate climbs back after a throttle.
    static let scaleConstant = 0.4
    /// Never slower than one request every two seconds.
    public static let minFillRate = 0.5
    static let minCapacity = 1.0
    /// Weight of the newest half-second in the measured send rate.
    static let smoothing = 0.8
    /// The send rate is measured over half-second buckets.
    static let bucketsPerSecond = 2.0

    public private(set) var isEnabled = false
    /// Tokens per second once enabled.
    public private(set) var fillRate = minFillRate
    private var maxCapacity = minCapacity
    /// Tokens in the bucket; below zero when callers have reserved tokens they are waiting for.
    private var capacity = 0.0
    private var lastRefill: Double?

    /// CUBIC state: the rate at the last throttle, when that was, and how long the curve takes to get back to it.
    private var lastMaxRate = 0.0
    private var lastThrottleTime: Double?
    private var timeWindow = 0.0

    /// Responses per second, smoothed.
    public private(set) var measuredRate = 0.0
    private var responsesInBucket = 0.0
    private var lastRateBucket: Double?

    public init() {}

    /// Takes a token for one attempt about to be sent at `now` (seconds on any steady scale) and answers how
    /// long to wait before sending it. A caller that must wait has its token reserved (the bucket goes below
    /// zero), so concurrent callers queue up one behind the other instead of all waking at the same moment.
    public func delayBeforeSending(at now: Double) -> Double {
        guard isEnabled else { return 0 }
        refill(at: now)
        capacity -= 1
        return capacity >= 0 ? 0 : -capacity / fillRate
    }

    /// Records the answer to one attempt, received at `now`.
    public func recordResponse(throttled: Bool, at now: Double) {
        measureSendRate(at: now)
        let newRate: Double
        if throttled {
            let rateToUse = isEnabled ? min(measuredRate, fillRate) : measuredRate
            lastMaxRate = rateToUse
            timeWindow = Self.timeWindow(forMaxRate: rateToUse)
            lastThrottleTime = now
            newRate = rateToUse * Self.beta
            isEnabled = true
        } else {
            let since = now - (lastThrottleTime ?? now)
            newRate = Self.scaleConstant * pow(since - timeWindow, 3) + lastMaxRate
        }
        // Never more than twice what we actually send: a rate we have not tried is not known to be safe.
        setRate(min(newRate, 2 * measuredRate), at: now)
    }

    /// Seconds after a throttle at which the CUBIC curve is back at the rate that was throttled.
    static func timeWindow(forMaxRate rate: Double) -> Double {
        Foundation.cbrt(rate * (1 - beta) / scaleConstant)
    }

    private func setRate(_ rate: Double, at now: Double) {
        refill(at: now)
        fillRate = max(rate, Self.minFillRate)
        maxCapacity = max(rate, Self.minCapacity)
        capacity = min(capacity, maxCapacity)
    }

    private func refill(at now: Double) {
        guard let last = lastRefill else {
            lastRefill = now
            return
        }
        // A clock stepping backwards must not drain the bucket.
        let elapsed = max(0, now - last)
        capacity = min(maxCapacity, capacity + elapsed * fillRate)
        lastRefill = max(last, now)
    }

    private func measureSendRate(at now: Double) {
        let bucket = (now * Self.bucketsPerSecond).rounded(.down) / Self.bucketsPerSecond
        responsesInBucket += 1
        let last = lastRateBucket ?? now.rounded(.down)
        lastRateBucket = last
        guard bucket > last else { return }
        let rate = responsesInBucket / (bucket - last)
        measuredRate = rate * Self.smoothing + measuredRate * (1 - Self.smoothing)
        responsesInBucket = 0
        lastRateBucket = bucket
    }
}

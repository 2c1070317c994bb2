/// How often and how long to wait between attempts: the AWS SDKs' "standard" retry mode.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total, the first included. 10 rather than the SDK's 3–4: throttled large accounts
    /// otherwise fail a whole listing ("reached max retries: 4" reports against other collectors).
    public var maxAttempts: Int
    /// Ceiling of the exponential backoff, in seconds.
    public var maxBackoff: Double
    /// Ceiling on how long a server's Retry-After can make us wait, in seconds. A misbehaving proxy
    /// sending "Retry-After: 86400" must not stall a connector for a day.
    public var maxRetryAfter: Double
    /// Throttled attempts do not count against `maxAttempts` (nor spend the retry quota): throttling says
    /// "slower", not "broken", and the adaptive rate limiter is what slows us down. They are bounded instead
    /// by how long one call may wait for the throttling to pass, in seconds (backoff plus rate-limiter waits)…
    public var maxThrottleWait: Double
    /// …and, so that a zero delay (Retry-After 0, an instant test sleep) cannot loop for ever, by a count.
    public var maxThrottledAttempts: Int

    /// A policy with explicit limits.
    public init(maxAttempts: Int = 10, maxBackoff: Double = 20, maxRetryAfter: Double = 60,
                maxThrottleWait: Double = 600, maxThrottledAttempts: Int = 500) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
        self.maxThrottleWait = max(0, maxThrottleWait)
        // One attempt means "no retries at all": test-connector asks so that an operator gets an answer in
        // seconds, and waiting out throttling for minutes would defeat that.
        self.maxThrottledAttempts = self.maxAttempts == 1 ? 0 : max(0, maxThrottledAttempts)
    }

    /// 10 attempts, backoff up to 20 s, Retry-After honoured up to 60 s; throttling waited out for up to
    /// 10 minutes per call (a throttled large account needs minutes, not "reached max retries").
    public static let standard = RetryPolicy()

    /// AWS standard mode: rand × min(2^(attempt−1) s, maxBackoff); a Retry-After from the server is honoured
    /// (wait at least that long, capped at `maxRetryAfter`). `attempt` starts at 1.
    public func delay(afterAttempt attempt: Int, retryAfter: Double?, random: Double) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 62)))
        let ceiling = min(pow2(exponent), maxBackoff)
        let jitter = random.isFinite ? min(max(random, 0), 1) : 0
        let backoff = jitter * ceiling
        guard let retryAfter, retryAfter.isFinite, retryAfter > 0 else { return backoff }
        return max(backoff, min(retryAfter, maxRetryAfter))
    }

    private func pow2(_ exponent: Double) -> Double {
        Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }
}

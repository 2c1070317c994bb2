/// One retry about to happen, for logs and counters: which attempt failed, the wait, and why.
public struct RetryEvent: Sendable {
    /// The attempt that failed (1 for the first).
    public var attempt: Int
    /// Seconds until the next attempt.
    public var delay: Double
    /// Why it failed, safe to log ("429 ThrottlingException", "could not connect to ...").
    public var reason: String
    /// The server asked us to slow down (429 or a throttling error code). Typed so that callers reacting to
    /// throttling (lower concurrency, a throttle counter) need not guess from the wording of `reason`.
    public var isThrottling: Bool

    public init(attempt: Int, delay: Double, reason: String, isThrottling: Bool = false) {
        self.attempt = attempt
        self.delay = delay
        self.reason = reason
        self.isThrottling = isThrottling
    }
}

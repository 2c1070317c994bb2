/// One retry about to happen, for logs and counters: which attempt failed, the wait, and why.
public struct RetryEvent: Sendable {
    /// The attempt that failed (1 for the first).
    public var attempt: Int
    /// Seconds until the next attempt.
    public var delay: Double
    /// Why it failed, safe to log ("429 ThrottlingException", "could not connect to ...").
    public var reason: String

    public init(attempt: Int, delay: Double, reason: String) {
        self.attempt = attempt
        self.delay = delay
        self.reason = reason
    }
}


/// Why one attempt failed, in the terms the retry loop needs. Knows no vendor: a service's client turns
/// its own error answers into one of these (see `AttemptFailure.service(_:)` for AWS).
public struct AttemptFailure: Error, Sendable {
    /// What the caller gets when the attempts end on this failure.
    public var error: any Error
    public var isRetryable: Bool
    /// The server asked us to slow down: retried under the throttling bounds, and slows the rate limiter.
    public var isThrottling: Bool
    /// Timeouts cost more retry quota (they hold a connection the longest).
    public var isTimeout: Bool
    /// Seconds the server asked us to wait, when it said so.
    public var retryAfter: Double?
    /// Why it failed, safe to log.
    public var reason: String

    public init(error: any Error, isRetryable: Bool, isThrottling: Bool = false, isTimeout: Bool = false,
                retryAfter: Double? = nil, reason: String) {
        self.error = error
        self.isRetryable = isRetryable
        self.isThrottling = isThrottling
        self.isTimeout = isTimeout
        self.retryAfter = retryAfter
        self.reason = reason
    }

    /// No response arrived. Only transient transport errors get here; the others end the call at once.
    public static func transport(_ error: HTTPError) -> AttemptFailure {
        var timedOut = false
        if case .timedOut = error { timedOut = true }
        return AttemptFailure(error: error, isRetryable: error.isTransient, isTimeout: timedOut, reason: error.description)
    }

    /// A success status whose body the caller cannot use (cut short, corrupted by a proxy): retried like a
    /// 500, because the same request usually gets a good body the next time. `error` is the decoder's own.
    public static func unusableBody(status: Int, _ error: any Error) -> AttemptFailure {
        AttemptFailure(error: error, isRetryable: true, reason: "\(status) with an unusable body: \(error)")
    }
}

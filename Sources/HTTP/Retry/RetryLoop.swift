import Foundation

/// Runs one call's attempts until one succeeds or retrying stops making sense. Knows nothing of signing or
/// of any vendor, so every HTTP source (AWS now, Rapid7 next) shares the same rules:
/// - non-throttle failures: AWS standard mode — at most `policy.maxAttempts`, each retry paid from the
///   shared `quota`, exponential backoff with jitter, Retry-After honoured;
/// - throttles: AWS adaptive mode — the shared `rateLimiter` slows the client down, and the call keeps
///   going for up to `policy.maxThrottleWait` seconds of waiting without spending quota or attempts,
///   because a throttled account that gives up never catches up, while one that slows down does.
public struct RetryLoop: Sendable {
    public let policy: RetryPolicy
    public let quota: RetryQuota
    public let rateLimiter: ClientRateLimiter
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Double) async throws -> Void
    private let random: @Sendable () -> Double
    private let onRetry: @Sendable (RetryEvent) -> Void

    /// `now` is any steady count of seconds (the rate limiter's time scale); sleep and random are injected
    /// so tests run instantly and deterministically.
    public init(policy: RetryPolicy, quota: RetryQuota, rateLimiter: ClientRateLimiter,
                now: @escaping @Sendable () -> Double,
                sleep: @escaping @Sendable (Double) async throws -> Void,
                random: @escaping @Sendable () -> Double,
                onRetry: @escaping @Sendable (RetryEvent) -> Void) {
        self.policy = policy
        self.quota = quota
        self.rateLimiter = rateLimiter
        self.now = now
        self.sleep = sleep
        self.random = random
        self.onRetry = onRetry
    }

    /// Calls `attempt` until it returns. An `AttemptFailure` it throws is retried as the rules above allow,
    /// and its `error` is thrown when they do not; any other error ends the call at once. Cancellation
    /// stops retrying at once and wins over the attempt's own error.
    public func run<T>(_ attempt: () async throws -> T) async throws -> T {
        var attemptNumber = 0
        var failures = 0
        var throttles = 0
        var waited = 0.0
        var lastRetryCost = 0
        while true {
            try Task.checkCancellation()
            let tokenWait = await rateLimiter.delayBeforeSending(at: now())
            if tokenWait > 0 {
                waited += tokenWait
                try await sleep(tokenWait)
            }
            attemptNumber += 1
            let failure: AttemptFailure
            do {
                let value = try await attempt()
                await rateLimiter.recordResponse(throttled: false, at: now())
                await quota.releaseOnSuccess(lastRetryCost: lastRetryCost)
                return value
            } catch let failed as AttemptFailure {
                try Task.checkCancellation()
                failure = failed
            } catch {
                try Task.checkCancellation()
                throw error
            }
            await rateLimiter.recordResponse(throttled: failure.isThrottling, at: now())
            guard failure.isRetryable else { throw failure.error }
            let delay = policy.delay(afterAttempt: attemptNumber, retryAfter: failure.retryAfter, random: random())
            if failure.isThrottling {
                throttles += 1
                guard throttles <= policy.maxThrottledAttempts, waited + delay <= policy.maxThrottleWait else {
                    throw failure.error
                }
                lastRetryCost = 0
            } else {
                failures += 1
                guard failures < policy.maxAttempts, await quota.acquire(forTimeout: failure.isTimeout) else {
                    throw failure.error
                }
                lastRetryCost = RetryQuota.cost(forTimeout: failure.isTimeout)
            }
            waited += delay
            onRetry(RetryEvent(attempt: attemptNumber, delay: delay, reason: failure.reason,
                               isThrottling: failure.isThrottling))
            try await sleep(delay)
        }
    }
}

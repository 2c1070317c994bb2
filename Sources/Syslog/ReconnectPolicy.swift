/// How a stream transport retries after the receiver went away: exponential backoff, then give up.
public struct ReconnectPolicy: Sendable, Equatable {
    /// Seconds before the first retry; doubled after each failed attempt.
    public var initialDelay = 0.5
    /// The longest wait between two attempts, in seconds.
    public var maxDelay = 30.0
    /// Seconds after the first failure of an outage when `send` stops retrying and throws.
    public var giveUpAfter = 60.0

    /// A policy; the defaults suit a daemon that should ride out a receiver restart.
    public init(initialDelay: Double = 0.5, maxDelay: Double = 30.0, giveUpAfter: Double = 60.0) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.giveUpAfter = giveUpAfter
    }

    /// The wait before retry number `attempt` (1-based), never beyond `maxDelay`.
    public func delay(beforeAttempt attempt: Int) -> Double {
        let exponent = Double(Swift.min(Swift.max(attempt - 1, 0), 30))
        return Swift.min(initialDelay * pow2(exponent), maxDelay)
    }

    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) { result *= 2 }
        return result
    }
}

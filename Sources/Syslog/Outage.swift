/// Tracks one period during which the receiver cannot be reached: counts attempts, sleeps the backoff,
/// and decides when `ReconnectPolicy.giveUpAfter` has run out.
struct Outage {
    private let clock = ContinuousClock()
    private var startedAt: ContinuousClock.Instant?
    private var attempts = 0

    /// Sleeps before the next attempt, or throws `SyslogSendError` when the outage has lasted `giveUpAfter`
    /// (or the task was cancelled, e.g. at shutdown) so the caller learns exactly what was delivered.
    mutating func waitBeforeRetry(after error: SyslogError, policy: ReconnectPolicy, delivered: Int,
                                  host: String, port: Int) async throws {
        let lastError = error
        let now = clock.now
        let start = startedAt ?? now
        startedAt = start
        attempts += 1
        let remaining = policy.giveUpAfter - Self.seconds(now - start)
        guard remaining > 0 else {
            throw SyslogSendError(delivered: delivered, cause: .unreachable(
                host: host, port: port,
                detail: "gave up after \(attempts) attempts over \(policy.giveUpAfter) s; last error: \(error)"))
        }
        let delay = Swift.min(policy.delay(beforeAttempt: attempts), remaining)
        do {
            try await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
        } catch is CancellationError {
            throw SyslogSendError(delivered: delivered, cause: .unreachable(
                host: host, port: port, detail: "sending cancelled while waiting to reconnect; last error: \(lastError)"))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

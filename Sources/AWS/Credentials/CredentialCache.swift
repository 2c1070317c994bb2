import Foundation

/// Keeps temporary credentials until they are about to expire, and makes concurrent callers share one
/// refresh. Used by the providers whose credentials expire: assumed roles, web identity, ECS, EC2.
public actor CredentialCache {
    /// Refresh when less than this many seconds remain.
    public let refreshWindow: TimeInterval
    private let clock: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var refreshing: Task<AWSCredentials, Error>?

    /// A cache that refreshes `refreshWindow` seconds before expiry, reading time from `clock`.
    public init(refreshWindow: TimeInterval = 300, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.refreshWindow = refreshWindow
        self.clock = clock
    }

    /// The cached credentials while fresh; otherwise the result of `fetch`, run once for all waiters.
    public func credentials(fetch: @escaping @Sendable () async throws -> AWSCredentials) async throws
        -> AWSCredentials
    {
        if let cached, isFresh(cached) { return cached }
        if let refreshing { return try await settle(refreshing) }
        // An unstructured task, so that the refresh belongs to no single caller: if the caller that
        // started it is cancelled, the others still get its result.
        let task = Task { try await fetch() }
        refreshing = task
        return try await settle(task)
    }

    private func settle(_ task: Task<AWSCredentials, Error>) async throws -> AWSCredentials {
        do {
            let fresh = try await task.value
            if refreshing == task {
                refreshing = nil
                cached = fresh
            }
            return fresh
        } catch {
            if refreshing == task { refreshing = nil }
            // As the SDKs do: a failed early refresh keeps using credentials that still work for a while,
            // so a brief STS or metadata outage does not fail a poll; the next call tries again.
            if let cached, let expiration = cached.expiration, expiration.timeIntervalSince(clock()) > 60 {
                return cached
            }
            throw error
        }
    }

    private func isFresh(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return true }
        return expiration.timeIntervalSince(clock()) > refreshWindow
    }
}

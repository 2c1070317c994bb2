import Foundation
import HTTP

/// Sends signed requests to one AWS service in one region, retrying what is worth retrying.
public struct AWSServiceClient: Sendable {
    public let transport: any HTTPTransport
    public let credentials: any CredentialProvider
    public let region: String
    public let service: String
    /// Base URL without trailing slash, e.g. https://inspector2.us-east-1.amazonaws.com.
    public let endpoint: String
    public let retry: RetryPolicy
    public let quota: RetryQuota
    private let clock: @Sendable () -> Date
    private let sleep: @Sendable (Double) async throws -> Void
    private let random: @Sendable () -> Double
    private let onRetry: @Sendable (RetryEvent) -> Void

    /// A client; clock, sleep and random are injected so tests run instantly and deterministically.
    public init(transport: any HTTPTransport, credentials: any CredentialProvider, region: String,
                service: String, endpoint: String, retry: RetryPolicy = .standard, quota: RetryQuota = RetryQuota(),
                clock: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                onRetry: @escaping @Sendable (RetryEvent) -> Void = { _ in }) {
        self.transport = transport
        self.credentials = credentials
        self.region = region
        self.service = service
        self.endpoint = endpoint
        self.retry = retry
        self.quota = quota
        self.clock = clock
        self.sleep = sleep
        self.random = random
        self.onRetry = onRetry
    }

    /// Signs (fresh credentials and date on every attempt), sends, retries the retryable failures
    /// (AWSServiceError.isRetryable, and transport errors whose `isTransient` is true), honours Retry-After,
    /// spends the retry quota. Returns the 2xx response; throws AWSServiceError for a final non-2xx,
    /// or the transport's error. Cancellation stops retrying at once.
    public func send(method: String, path: String, query: String = "", headers: [HTTPHeader] = [],
                     body: [UInt8]) async throws -> HTTPResponse {
        let url = endpoint + (path.hasPrefix("/") ? path : "/" + path) + (query.isEmpty ? "" : "?" + query)
        var lastRetryCost = 0
        var attempt = 1
        while true {
            try Task.checkCancellation()
            let failure: AttemptFailure
            do {
                let response = try await sendOnce(method: method, url: url, headers: headers, body: body)
                if (200..<300).contains(response.status) {
                    await quota.releaseOnSuccess(lastRetryCost: lastRetryCost)
                    return response
                }
                failure = .service(AWSServiceError(response: response, now: clock()))
            } catch {
                // A transport aborted by cancellation reports an error of its own; cancellation wins.
                try Task.checkCancellation()
                guard let transient = error as? HTTPError, transient.isTransient else { throw error }
                failure = .transport(transient)
            }
            try Task.checkCancellation()
            guard failure.isRetryable, attempt < retry.maxAttempts,
                  await quota.acquire(forTimeout: failure.isTimeout) else { throw failure.error }
            lastRetryCost = RetryQuota.cost(forTimeout: failure.isTimeout)
            let delay = retry.delay(afterAttempt: attempt, retryAfter: failure.retryAfter, random: random())
            onRetry(RetryEvent(attempt: attempt, delay: delay, reason: failure.reason))
            try await sleep(delay)
            attempt += 1
        }
    }

    private func sendOnce(method: String, url: String, headers: [HTTPHeader], body: [UInt8]) async throws -> HTTPResponse {
        // Credentials are asked for on every attempt: an assumed role may have been refreshed meanwhile.
        let signer = SigV4Signer(credentials: try await credentials.credentials(), region: region, service: service)
        var request = HTTPRequest(method: method, url: url, headers: headers, body: body)
        signer.sign(&request, at: clock())
        return try await transport.send(request)
    }
}

/// Why one attempt failed, in the terms the retry loop needs.
private enum AttemptFailure {
    case service(AWSServiceError)
    case transport(HTTPError)

    var error: any Error {
        switch self {
        case .service(let error): return error
        case .transport(let error): return error
        }
    }

    var isRetryable: Bool {
        switch self {
        case .service(let error): return error.isRetryable
        case .transport(let error): return error.isTransient
        }
    }

    var isTimeout: Bool {
        if case .transport(.timedOut) = self { return true }
        if case .service(let error) = self { return error.code.hasPrefix("RequestTimeout") }
        return false
    }

    var retryAfter: Double? {
        if case .service(let error) = self { return error.retryAfter }
        return nil
    }

    var reason: String {
        switch self {
        case .service(let error): return "\(error.status) \(error.code)"
        case .transport(let error): return error.description
        }
    }
}

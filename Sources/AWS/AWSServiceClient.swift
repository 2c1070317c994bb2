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
    /// Shared by every call of this client, so that a throttle slows down the whole region, not one call.
    public let rateLimiter: ClientRateLimiter
    private let clock: @Sendable () -> Date
    private let retryLoop: RetryLoop

    /// A client; clock, sleep and random are injected so tests run instantly and deterministically.
    public init(transport: any HTTPTransport, credentials: any CredentialProvider, region: String,
                service: String, endpoint: String, retry: RetryPolicy = .standard, quota: RetryQuota = RetryQuota(),
                rateLimiter: ClientRateLimiter = ClientRateLimiter(),
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
        self.rateLimiter = rateLimiter
        self.clock = clock
        self.retryLoop = RetryLoop(policy: retry, quota: quota, rateLimiter: rateLimiter,
                                   now: { clock().timeIntervalSince1970 }, sleep: sleep, random: random, onRetry: onRetry)
    }

    /// Signs (fresh credentials and date on every attempt), sends, retries the retryable failures
    /// (AWSServiceError.isRetryable, and transport errors whose `isTransient` is true) under the rules of
    /// `RetryLoop`. Returns the 2xx response; throws AWSServiceError for a final non-2xx, or the transport's
    /// error. Cancellation stops retrying at once.
    public func send(method: String, path: String, query: String = "", headers: [HTTPHeader] = [],
                     body: [UInt8]) async throws -> HTTPResponse {
        try await send(method: method, path: path, query: query, headers: headers, body: body, decode: { $0 })
    }

    /// As `send`, and turns the 2xx response into a `T` with `decode`. A body `decode` rejects counts as a
    /// failed attempt and is retried like a 500 (a truncated or corrupted body is usually fine the next
    /// time); when every attempt is rejected, `decode`'s last error is thrown. So `decode` should throw only
    /// for a body it cannot use, never for one that is valid but unwelcome.
    public func send<T>(method: String, path: String, query: String = "", headers: [HTTPHeader] = [],
                        body: [UInt8], decode: (HTTPResponse) throws -> T) async throws -> T {
        let url = endpoint + (path.hasPrefix("/") ? path : "/" + path) + (query.isEmpty ? "" : "?" + query)
        return try await retryLoop.run {
            let response: HTTPResponse
            do {
                response = try await sendOnce(method: method, url: url, headers: headers, body: body)
            } catch let error as HTTPError where error.isTransient {
                throw AttemptFailure.transport(error)
            }
            guard (200..<300).contains(response.status) else {
                throw AttemptFailure.service(AWSServiceError(response: response, now: clock()))
            }
            do {
                return try decode(response)
            } catch {
                throw AttemptFailure.unusableBody(status: response.status, error)
            }
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

extension AttemptFailure {
    /// An AWS error answer, classified as the AWS SDKs do.
    static func service(_ error: AWSServiceError) -> AttemptFailure {
        AttemptFailure(error: error, isRetryable: error.isRetryable, isThrottling: error.isThrottling,
                       isTimeout: error.code.hasPrefix("RequestTimeout"), retryAfter: error.retryAfter,
                       reason: "\(error.status) \(error.code)")
    }
}

import Foundation
import HTTP
import JSONBytes

/// Calls InsightVM's v4 integration API: `X-Api-Key`, JSON bodies, paged answers, and the shared retry rules
/// (`RetryLoop`): 429 is throttling (Retry-After honoured, the client slows down), 408/5xx and transient
/// transport errors are retried, 400/401/403/404 end the call, and a 2xx whose body is not a page is retried
/// like a 500 and, when it stays unusable, thrown as `Rapid7SourceError.unusablePage`.
struct Rapid7Client: Sendable {
    let transport: any HTTPTransport
    /// Without a trailing slash, e.g. https://us.api.insight.rapid7.com.
    let baseURL: String
    let apiKey: Rapid7APIKey
    let quota: RetryQuota
    private let retryLoop: RetryLoop
    private let clock: @Sendable () -> Date

    init(transport: any HTTPTransport, baseURL: String, apiKey: Rapid7APIKey, retry: RetryPolicy = .standard,
         quota: RetryQuota = RetryQuota(), rateLimiter: ClientRateLimiter = ClientRateLimiter(),
         clock: @escaping @Sendable () -> Date = { Date() },
         sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) },
         random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
         onRetry: @escaping @Sendable (RetryEvent) -> Void = { _ in }) {
        self.transport = transport
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.quota = quota
        self.clock = clock
        retryLoop = RetryLoop(policy: retry, quota: quota, rateLimiter: rateLimiter,
                              now: { clock().timeIntervalSince1970 }, sleep: sleep, random: random, onRetry: onRetry)
    }

    /// One page of assets.
    func searchAssets(_ query: Rapid7AssetsQuery, cursor: String?) async throws -> Rapid7Answer {
        try await post(Rapid7AssetsQuery.path, query: query.query(cursor: cursor), body: query.body, firstPage: cursor == nil)
    }

    /// One page of vulnerability definitions.
    func searchDefinitions(_ query: Rapid7DefinitionsQuery, cursor: String?) async throws -> Rapid7Answer {
        try await post(Rapid7DefinitionsQuery.path, query: query.query(cursor: cursor), body: query.body,
                       firstPage: cursor == nil)
    }

    func post(_ path: String, query: String, body: [UInt8], firstPage: Bool) async throws -> Rapid7Answer {
        let request = HTTPRequest(method: "POST", url: baseURL + path + (query.isEmpty ? "" : "?" + query),
                                  headers: [HTTPHeader("X-Api-Key", apiKey.headerValue),
                                            HTTPHeader("Content-Type", "application/json"),
                                            HTTPHeader("Accept", "application/json")],
                                  body: body)
        do {
            return try await retryLoop.run {
                let response: HTTPResponse
                do {
                    response = try await transport.send(request)
                } catch let error as HTTPError where error.isTransient {
                    throw AttemptFailure.transport(error)
                }
                guard (200..<300).contains(response.status) else {
                    throw AttemptFailure.rapid7(Rapid7APIError(response: response, path: path, now: clock()))
                }
                do {
                    return Rapid7Answer(page: try Rapid7Page.parse(response.body), bytes: response.body.count)
                } catch {
                    let reason = error as? Rapid7PageError ?? .unexpectedShape("\(error)")
                    throw AttemptFailure.unusableBody(status: response.status, UnusableBody(error: reason, body: response.body))
                }
            }
        } catch let unusable as UnusableBody {
            throw Rapid7SourceError.unusablePage(unusable.error, path: path, firstPage: firstPage, body: unusable.body)
        }
    }

    /// A page that would not parse, with its bytes (for the dead letter).
    private struct UnusableBody: Error, CustomStringConvertible {
        let error: Rapid7PageError
        let body: [UInt8]
        var description: String { error.description }
    }
}

/// A page and the size of the answer it came in (what the definition cache keeps alive).
struct Rapid7Answer: Sendable {
    var page: Rapid7Page
    var bytes: Int
}

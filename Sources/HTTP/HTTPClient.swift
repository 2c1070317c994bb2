import Dispatch

/// The HTTPS client on libcurl: verifies certificates by default, honours proxies, reuses
/// connections across requests, and maps transfer failures to `HTTPError`.
public final class HTTPClient: HTTPTransport {
    /// At most this many requests run at once; more wait for a free handle.
    static let maxConcurrentRequests = 16
    static let shutDownError = HTTPError.transport(code: -1, detail: "the HTTP client was shut down")

    private let settings: HTTPClientSettings
    private let pool: CurlHandlePool

    /// Creates a client; no connection is opened until the first request.
    public init(settings: HTTPClientSettings = HTTPClientSettings()) {
        self.settings = settings
        pool = CurlHandlePool(capacity: Self.maxConcurrentRequests)
    }

    deinit {
        pool.close()
    }

    /// Sends `request` and returns the response, whatever its status; throws `HTTPError` when no
    /// response arrived, or `CancellationError` when the calling task was cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = try RequestTarget(url: request.url)
        try Task.checkCancellation()
        let worker = try await pool.acquire()
        defer { pool.release(worker) }
        let cancellation = CancellationFlag()
        let settings = self.settings
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                worker.queue.async {
                    continuation.resume(with: Result {
                        try worker.handle.perform(request, target: target, settings: settings, cancellation: cancellation)
                    })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Closes idle connections and fails requests waiting for a handle; later sends throw.
    public func shutdown() {
        pool.close()
    }
}

import HTTP

/// A canned answer the Rapid7 double gives instead of a page: an error status with Rapid7's error body (and
/// Retry-After where given), or a 200 whose body is not a page.
public struct Rapid7Fault: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case status(Int, message: String)
        /// 200 with a page cut short (not valid JSON).
        case truncated200
        /// 200 with an HTML page (not JSON at all: a captive portal, a proxy's error page).
        case html200
    }

    public var kind: Kind
    public var retryAfter: Int?
    /// Which endpoint it answers; nil for either.
    public var endpoint: Rapid7Double.Endpoint?

    public init(_ kind: Kind, retryAfter: Int? = nil, endpoint: Rapid7Double.Endpoint? = nil) {
        self.kind = kind
        self.retryAfter = retryAfter
        self.endpoint = endpoint
    }

    public static func status(_ status: Int, _ message: String, retryAfter: Int? = nil,
                              endpoint: Rapid7Double.Endpoint? = nil) -> Rapid7Fault {
        Rapid7Fault(.status(status, message: message), retryAfter: retryAfter, endpoint: endpoint)
    }

    public static let unauthorized = status(401, "Full authentication is required to access this resource.")
    public static let forbidden = status(403, "Access is denied: the key has no access to this organization's InsightVM data.")
    public static let notFound = status(404, "The resource does not exist.")
    public static let throttled = status(429, "Too many requests. Please slow down.", retryAfter: 1)
    public static let serverError = status(500, "An unexpected error occurred. Please contact Rapid7 support.")
    public static let unavailable = status(503, "Service unavailable.", retryAfter: 1)
    public static let truncated = Rapid7Fault(.truncated200)
    public static let html = Rapid7Fault(.html200)

    public func response() -> HTTPResponse {
        var headers = [HTTPHeader("Content-Type", "application/json")]
        if let retryAfter { headers.append(HTTPHeader("Retry-After", String(retryAfter))) }
        switch kind {
        case .status(let status, let message):
            return HTTPResponse(status: status, headers: headers, body: Rapid7Rendering.error(status: status, message: message))
        case .truncated200:
            return HTTPResponse(status: 200, headers: headers, body: Array(#"{"data":[{"id":"5d6e7f80-1a2b-4c3d-9e8f-a0b1c2d3e4f5-default-asset-1","ip":"192.0"#.utf8))
        case .html200:
            return HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/html")],
                                body: Array("<html><head><title>Proxy login</title></head><body>Sign in</body></html>".utf8))
        }
    }
}

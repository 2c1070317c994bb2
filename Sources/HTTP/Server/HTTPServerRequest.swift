/// A request as the loopback server received it.
public struct HTTPServerRequest: Sendable {
    public var method: String
    /// The request target as received: "/path?query", or the absolute form a proxy receives.
    public var target: String
    /// The target's path, not percent-decoded ("/" when an absolute-form target has none).
    public var path: String
    /// The target's query without the "?", not percent-decoded; empty when there is none.
    public var query: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    /// Creates a request; `path` and `query` are split out of `target`.
    public init(method: String, target: String, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        (path, query) = HTTPServerRequest.split(target)
    }

    /// Splits "/p?q" or "http://host:port/p?q" into path and query.
    static func split(_ target: String) -> (path: String, query: String) {
        var rest = Substring(target)
        if let scheme = rest.range(of: "://"), !rest[..<scheme.lowerBound].contains("/") {
            let afterAuthority = rest[scheme.upperBound...].drop { $0 != "/" && $0 != "?" }
            rest = afterAuthority
        }
        rest = rest.prefix { $0 != "#" }
        let path = rest.prefix { $0 != "?" }
        let query = rest.dropFirst(path.count).dropFirst()
        return (path.isEmpty ? "/" : String(path), String(query))
    }
}

/// Requests are equal when method, target, headers and body are (path and query follow from target).
extension HTTPServerRequest: Equatable {
    public static func == (lhs: HTTPServerRequest, rhs: HTTPServerRequest) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.headers == rhs.headers && lhs.body == rhs.body
    }
}

import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// Serves `GET /metrics` (Prometheus text format) on a loopback address; every other path is 404.
/// Loopback only: the endpoint has no authentication, and counters name tenants and connectors.
public final class MetricsServer: Sendable {
    /// The port it listens on (the kernel's choice when created with port 0).
    public let port: Int
    /// Where a scraper finds the metrics, e.g. "http://127.0.0.1:9464/metrics".
    public let url: String
    private let server: LoopbackHTTPServer

    /// Starts listening on host:port (host must be a loopback address or "localhost").
    public init(host: String, port: Int, registry: MetricsRegistry) throws(MetricsServerError) {
        guard Self.isLoopback(host) else { throw .notLoopback(host: host) }
        do {
            server = try LoopbackHTTPServer(host: host, port: port) { request in
                Self.respond(to: request, registry: registry)
            }
        } catch {
            throw .cannotListen(host: host, port: port, reason: "\(error)")
        }
        self.port = server.port
        url = server.baseURL + "/metrics"
    }

    /// Closes the listener and open connections.
    public func stop() {
        server.stop()
    }

    /// The answer to one request; no I/O, so it is testable without a socket.
    static func respond(to request: HTTPServerRequest, registry: MetricsRegistry) -> HTTPResponse {
        guard request.path == "/metrics" else {
            return HTTPResponse(status: 404, headers: [HTTPHeader("Content-Type", "text/plain")],
                                body: Array("not found: metrics are at /metrics\n".utf8))
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return HTTPResponse(status: 405, headers: [HTTPHeader("Allow", "GET, HEAD")])
        }
        let text = PrometheusExposition.render(registry.snapshot())
        return HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", PrometheusExposition.contentType)],
                            body: Array(text.utf8))
    }

    /// 127.0.0.0/8, ::1, or the name "localhost".
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) } == Array(repeating: 0, count: 15) + [1]
        }
        return false
    }
}

/// Why the metrics endpoint could not start.
public enum MetricsServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configured address is not loopback; the endpoint is unauthenticated, so it stays local.
    case notLoopback(host: String)
    /// Binding or listening failed, e.g. the port is taken.
    case cannotListen(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .notLoopback(let host):
            return "metrics address \(host) is not a loopback address: use 127.0.0.1, ::1 or localhost "
                + "(the endpoint has no authentication; expose it through a reverse proxy if needed)"
        case .cannotListen(let host, let port, let reason):
            return "metrics endpoint could not listen on \(host):\(port): \(reason)"
        }
    }
}

/// Why a request got no HTTP response. Messages name hosts and URLs without their query strings and
/// never include request headers, which carry signatures and session tokens.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case couldNotResolve(host: String)
    /// Refused, unreachable, reset before any response.
    case connectionFailed(host: String, detail: String)
    case timedOut(url: String)
    /// The peer's certificate did not verify against the trusted CAs or did not match the host name.
    case tlsVerificationFailed(host: String, detail: String)
    case tlsFailure(detail: String)
    case proxyFailure(detail: String)
    case transport(code: Int, detail: String)

    /// Worth retrying: connect failures, timeouts, resets, partial transfers. Not: bad URL, TLS verification.
    public var isTransient: Bool {
        switch self {
        case .connectionFailed, .timedOut, .couldNotResolve:
            return true
        case .invalidURL, .tlsVerificationFailed, .tlsFailure:
            return false
        case .proxyFailure:
            return true
        case .transport(let code, _):
            return HTTPError.transientTransportCodes.contains(code)
        }
    }

    /// libcurl codes of interrupted transfers: send/recv errors, empty replies, partial bodies, HTTP/2 resets.
    static let transientTransportCodes: Set<Int> = [16, 18, 52, 55, 56, 92, 95]

    public var description: String {
        switch self {
        case .invalidURL(let url):
            return "invalid URL '\(url)': expected scheme://host[:port]/path"
        case .couldNotResolve(let host):
            return "could not resolve host '\(host)': check the host name, DNS, and the region in the endpoint"
        case .connectionFailed(let host, let detail):
            return "could not connect to \(host): \(detail) (check the endpoint, firewall and proxy settings)"
        case .timedOut(let url):
            return "request to \(url) timed out (check network reachability, proxy, or raise the timeout)"
        case .tlsVerificationFailed(let host, let detail):
            return "TLS certificate of \(host) did not verify: \(detail). If the server uses a private CA "
                + "(e.g. a TLS-inspecting proxy), set ca_file to that CA's PEM bundle; otherwise fix the "
                + "server's certificate chain or host name"
        case .tlsFailure(let detail):
            return "TLS failure: \(detail)"
        case .proxyFailure(let detail):
            return "proxy failure: \(detail) (check the proxy setting or HTTPS_PROXY/NO_PROXY)"
        case .transport(let code, let detail):
            return "HTTP transport error (libcurl \(code)): \(detail)"
        }
    }
}

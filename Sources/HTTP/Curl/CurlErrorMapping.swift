import CCurl

/// Turns a failed transfer's CURLcode into the error an operator can act on.
enum CurlErrorMapping {
    static func error(for code: CURLcode, detail: String, target: RequestTarget,
                      settings: HTTPClientSettings) -> any Error {
        switch code {
        case CURLE_ABORTED_BY_CALLBACK:
            return CancellationError()
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return HTTPError.invalidURL(target.redactedURL)
        case CURLE_COULDNT_RESOLVE_HOST:
            return HTTPError.couldNotResolve(host: target.host)
        case CURLE_COULDNT_CONNECT where !(settings.proxy ?? "").isEmpty:
            // With an explicit proxy, libcurl only ever connects to the proxy itself.
            return HTTPError.proxyFailure(detail: "could not connect to proxy \(RequestTarget.redact(settings.proxy!)): \(detail)")
        case CURLE_COULDNT_CONNECT:
            return HTTPError.connectionFailed(host: target.hostAndPort, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPError.timedOut(url: target.redactedURL)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return HTTPError.tlsVerificationFailed(host: target.host, detail: detail)
        case CURLE_SSL_CACERT_BADFILE:
            let file = settings.tls.caFile ?? "the system CA store"
            return HTTPError.tlsFailure(detail: "could not load CA bundle \(file): \(detail)")
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_USE_SSL_FAILED:
            return HTTPError.tlsFailure(detail: "\(target.hostAndPort): \(detail)")
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_PROXY:
            return HTTPError.proxyFailure(detail: detail)
        default:
            return HTTPError.transport(code: Int(code.rawValue), detail: detail)
        }
    }
}

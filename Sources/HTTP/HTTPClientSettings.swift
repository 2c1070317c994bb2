/// How the client checks the server's certificate.
public struct TLSSettings: Sendable, Equatable {
    /// Verify the peer's certificate chain and host name. Off only by explicit operator choice.
    public var verifyPeer: Bool = true
    /// A PEM bundle of trusted CAs; nil trusts the system store.
    public var caFile: String? = nil

    /// Creates TLS settings; the defaults verify against the system trust store.
    public init(verifyPeer: Bool = true, caFile: String? = nil) {
        self.verifyPeer = verifyPeer
        self.caFile = caFile
    }
}

/// Everything an `HTTPClient` needs to know about the network it runs in.
///
/// Proxies: with `proxy == nil` libcurl reads the environment itself — `http_proxy` (lower case
/// only, for http:// URLs), `HTTPS_PROXY`/`https_proxy` (for https:// URLs), `ALL_PROXY`/`all_proxy`
/// as a fallback, and `NO_PROXY`/`no_proxy` (comma-separated hosts or domain suffixes, `*` for all)
/// to bypass. A non-nil `proxy` (e.g. "http://proxy.corp:3128") overrides the environment's proxy
/// variables; `NO_PROXY` still applies. An empty string disables proxies for this client.
public struct HTTPClientSettings: Sendable, Equatable {
    /// Certificate verification.
    public var tls: TLSSettings
    /// Seconds allowed to establish the connection (TCP + TLS handshake); 0 means libcurl's default.
    public var connectTimeout: Double = 10
    /// Seconds allowed for the whole request, connection included; 0 means no limit.
    public var requestTimeout: Double = 60
    /// Explicit proxy URL; nil defers to the environment (see the type's documentation).
    public var proxy: String? = nil
    /// Sent as the User-Agent header unless the request sets its own.
    public var userAgent: String = "findings-collector"

    /// Creates client settings; the defaults suit talking to a public cloud API.
    public init(tls: TLSSettings = TLSSettings(), connectTimeout: Double = 10, requestTimeout: Double = 60,
                proxy: String? = nil, userAgent: String = "findings-collector") {
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.proxy = proxy
        self.userAgent = userAgent
    }
}

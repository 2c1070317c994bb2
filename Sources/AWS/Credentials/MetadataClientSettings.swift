import HTTP

extension HTTPClientSettings {
    /// For link-local metadata endpoints (EC2 IMDS, ECS/EKS): 1 s to connect so the default chain gives up
    /// fast off-EC2, and never through a proxy, which could not reach a link-local address anyway.
    public static let metadata = HTTPClientSettings(connectTimeout: 1, requestTimeout: 3, proxy: "")
}

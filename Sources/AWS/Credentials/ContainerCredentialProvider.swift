import Foundation
import HTTP

/// The ECS task role (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) or any container credentials endpoint
/// (AWS_CONTAINER_CREDENTIALS_FULL_URI, e.g. EKS Pod Identity), with the Authorization header from
/// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (re-read at each refresh, it rotates) or
/// AWS_CONTAINER_AUTHORIZATION_TOKEN. Credentials are cached until shortly before they expire.
public struct ContainerCredentialProvider: CredentialProvider {
    public let name = "container"
    /// The ECS agent's address, to which a relative URI is appended.
    public static let ecsHost = "http://169.254.170.2"
    /// Hosts plain http may go to besides loopback: ECS, EKS Pod Identity (IPv4 and IPv6).
    static let trustedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"]

    private let transport: any HTTPTransport
    private let environment: [String: String]
    private let cache: CredentialCache

    /// `transport` should have short timeouts, e.g. an `HTTPClient` with `HTTPClientSettings.metadata`.
    public init(transport: any HTTPTransport, environment: [String: String],
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.transport = transport
        self.environment = environment
        self.cache = CredentialCache(clock: clock)
    }

    public func credentials() async throws -> AWSCredentials {
        let url = try endpointURL()
        return try await cache.credentials { [self] in try await fetch(from: url) }
    }

    /// The endpoint the variables name; the relative form wins, as in the SDKs.
    func endpointURL() throws -> String {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            return Self.ecsHost + (relative.hasPrefix("/") ? relative : "/" + relative)
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty else {
            throw CredentialError.notConfigured(
                source: name,
                reason: "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set")
        }
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw CredentialError.invalidContainerURI(full)
        }
        // Plain http to an arbitrary host would hand the task's token to whoever controls that host.
        if scheme == "http" && !Self.isAllowedHTTPHost(host) { throw CredentialError.invalidContainerURI(full) }
        guard scheme == "http" || scheme == "https" else { throw CredentialError.invalidContainerURI(full) }
        return full
    }

    static func isAllowedHTTPHost(_ rawHost: String) -> Bool {
        let host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if host == "localhost" || host == "::1" || trustedHTTPHosts.contains(host) { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    private func authorizationToken() throws -> String? {
        if let path = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CredentialError.fileUnreadable(path: path)
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    private func fetch(from url: String) async throws -> AWSCredentials {
        var request = HTTPRequest(method: "GET", url: url, headers: [HTTPHeader("Accept", "application/json")])
        if let token = try authorizationToken() {
            request.headers.append(HTTPHeader("Authorization", token))
        }
        // Transport errors propagate as they are: the variables say we are in a container, so an
        // unreachable endpoint is a fault to report, not a reason to try the next source.
        let response = try await transport.send(request)
        guard response.status == 200 else {
            let hint = response.status == 401 || response.status == 403
                ? " (check AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE])" : ""
            throw CredentialError.malformedResponse(
                source: "container credentials endpoint \(url)", detail: "HTTP \(response.status)\(hint)")
        }
        return try MetadataCredentials.parse(response.body, source: "container credentials endpoint")
    }
}

import Foundation
import HTTP

/// The EC2 instance role through IMDSv2: a session token from `PUT /latest/api/token`, then the role name
/// and its credentials. IMDSv1 (no token) is deliberately not used: hardened instances disable it and it
/// is the variant SSRF attacks abuse. Credentials are cached until shortly before they expire.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    public let name = "instance_metadata"
    /// Default IMDS address; AWS_EC2_METADATA_SERVICE_ENDPOINT overrides it.
    public static let defaultEndpoint = "http://169.254.169.254"
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"
    /// Seconds the IMDS session token lives; we fetch a new one at each refresh anyway.
    static let tokenTTL = "21600"

    private let transport: any HTTPTransport
    private let endpoint: String
    private let disabled: Bool
    private let cache: CredentialCache

    /// `transport` should have short timeouts (see `HTTPClientSettings.metadata`) so that the default
    /// chain fails fast when not on EC2.
    public init(transport: any HTTPTransport, environment: [String: String],
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.transport = transport
        var endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? Self.defaultEndpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.disabled = environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true"
        self.cache = CredentialCache(clock: clock)
    }

    public func credentials() async throws -> AWSCredentials {
        if disabled {
            throw CredentialError.notConfigured(source: name, reason: "AWS_EC2_METADATA_DISABLED=true")
        }
        return try await cache.credentials { [self] in try await fetch() }
    }

    private func fetch() async throws -> AWSCredentials {
        let token = try await text(of: HTTPRequest(
            method: "PUT", url: endpoint + "/latest/api/token",
            headers: [HTTPHeader("X-aws-ec2-metadata-token-ttl-seconds", Self.tokenTTL)]), step: "session token")
        let tokenHeader = HTTPHeader("X-aws-ec2-metadata-token", token)
        let roles = try await text(of: HTTPRequest(
            method: "GET", url: endpoint + Self.credentialsPath, headers: [tokenHeader]), step: "role name")
        guard let role = roles.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
            throw CredentialError.metadataUnavailable(detail: "the instance has no IAM role attached")
        }
        let document = try await body(of: HTTPRequest(
            method: "GET", url: endpoint + Self.credentialsPath + role, headers: [tokenHeader]),
                                      step: "credentials of role \(role)")
        return try MetadataCredentials.parse(document, source: "instance metadata")
    }

    private func text(of request: HTTPRequest, step: String) async throws -> String {
        String(decoding: try await body(of: request, step: step), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Any failure to reach IMDS means "not on EC2 (or no role)": the chain's last source, reported as such.
    private func body(of request: HTTPRequest, step: String) async throws -> [UInt8] {
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw CredentialError.metadataUnavailable(detail: "\(endpoint) unreachable (\(step)): \(error)")
        }
        guard response.status == 200 else {
            throw CredentialError.metadataUnavailable(detail: "\(endpoint) answered HTTP \(response.status) for the \(step)")
        }
        return response.body
    }
}

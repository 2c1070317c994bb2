import Foundation
import HTTP

/// A role assumed with an OIDC token (EKS IAM Roles for Service Accounts and the like):
/// AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME) → STS AssumeRoleWithWebIdentity.
/// The token file is re-read at every refresh because the platform rotates it.
public struct WebIdentityCredentialProvider: CredentialProvider {
    public let name = "web_identity"
    private let environment: [String: String]
    private let sts: STSClient
    private let cache: CredentialCache

    /// Talks to STS in `region` (the regional endpoint, or AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL).
    public init(transport: any HTTPTransport, environment: [String: String], region: String,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.environment = environment
        let endpoint = AWSEndpoint.resolve(service: "sts", region: region, configured: nil, environment: environment)
        self.sts = STSClient(transport: transport, credentials: nil, region: region, endpoint: endpoint)
        self.cache = CredentialCache(clock: clock)
    }

    public func credentials() async throws -> AWSCredentials {
        let settings = try configuredSettings()
        let sts = self.sts
        return try await cache.credentials {
            guard let data = FileManager.default.contents(atPath: settings.tokenFile) else {
                throw CredentialError.fileUnreadable(path: settings.tokenFile)
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                return try await sts.assumeRoleWithWebIdentity(roleArn: settings.roleArn, webIdentityToken: token,
                                                               sessionName: settings.sessionName)
            } catch let error as AWSServiceError {
                throw CredentialError.stsRejected(error)
            }
        }
    }

    private struct Settings: Sendable {
        var tokenFile: String
        var roleArn: String
        var sessionName: String
    }

    private func configuredSettings() throws -> Settings {
        let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        let roleArn = environment["AWS_ROLE_ARN"].flatMap { $0.isEmpty ? nil : $0 }
        guard let tokenFile, let roleArn else {
            if tokenFile == nil && roleArn == nil {
                throw CredentialError.notConfigured(source: name, reason: "AWS_WEB_IDENTITY_TOKEN_FILE is not set")
            }
            throw CredentialError.incompleteEnvironment(
                missing: [tokenFile == nil ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "AWS_ROLE_ARN"])
        }
        try AssumeRoleParameters.validate(roleArn: roleArn)
        let sessionName = environment["AWS_ROLE_SESSION_NAME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? AssumeRoleParameters.defaultSessionName
        try AssumeRoleParameters.validate(sessionName: sessionName)
        return Settings(tokenFile: tokenFile, roleArn: roleArn, sessionName: sessionName)
    }
}

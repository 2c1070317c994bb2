import Foundation
import HTTP

/// Credentials of an IAM role, obtained with STS AssumeRole using a source provider's credentials.
/// They are cached and refreshed when less than `refreshWindow` (5 minutes) remain; concurrent callers
/// share one STS call.
public actor AssumeRoleCredentialProvider: CredentialProvider {
    public nonisolated let name = "assume_role"
    /// What is asked of STS; validated when the provider is made.
    public nonisolated let parameters: AssumeRoleParameters
    private let sts: any RoleAssuming
    private let cache: CredentialCache

    /// Assumes `parameters.roleArn` through `sts`, refreshing `refreshWindow` seconds before expiry.
    public init(parameters: AssumeRoleParameters, sts: any RoleAssuming, refreshWindow: TimeInterval = 300,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.parameters = parameters
        self.sts = sts
        self.cache = CredentialCache(refreshWindow: refreshWindow, clock: clock)
    }

    /// Assumes the role with `source`'s credentials through the real STS at `endpoint`.
    public init(source: any CredentialProvider, parameters: AssumeRoleParameters, transport: any HTTPTransport,
                region: String, endpoint: String, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.init(parameters: parameters,
                  sts: STSClient(transport: transport, credentials: source, region: region, endpoint: endpoint),
                  clock: clock)
    }

    public func credentials() async throws -> AWSCredentials {
        let (sts, parameters) = (self.sts, self.parameters)
        return try await cache.credentials {
            do {
                return try await sts.assumeRole(roleArn: parameters.roleArn, externalId: parameters.externalId,
                                                sessionName: parameters.sessionName,
                                                durationSeconds: parameters.durationSeconds)
            } catch let error as AWSServiceError {
                throw CredentialError.stsRejected(error)
            }
        }
    }
}

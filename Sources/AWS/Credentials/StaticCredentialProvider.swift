import Foundation

/// Hands out fixed credentials, e.g. the access_key/secret_key of a connector's configuration.
public struct StaticCredentialProvider: CredentialProvider {
    public let name: String
    private let fixed: AWSCredentials

    /// Credentials given directly; `name` is what logs and test-connector show as their source.
    public init(_ credentials: AWSCredentials, name: String = "access_key") {
        self.fixed = credentials
        self.name = name
    }

    public func credentials() async throws -> AWSCredentials {
        fixed
    }
}

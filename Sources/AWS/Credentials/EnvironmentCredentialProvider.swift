import Foundation

/// Reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, accepting the older names
/// the SDKs still honour (AWS_ACCESS_KEY, AWS_SECRET_KEY from the Java SDK, AWS_SECURITY_TOKEN from boto).
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let name = "environment"
    private let environment: [String: String]

    /// Reads from `environment`, normally the process's.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Reads the process environment.
    public init() {
        self.init(environment: ProcessInfo.processInfo.environment)
    }

    public func credentials() async throws -> AWSCredentials {
        let keyId = value("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY")
        let secret = value("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY")
        switch (keyId, secret) {
        case (nil, nil):
            throw CredentialError.notConfigured(source: name, reason: "AWS_ACCESS_KEY_ID is not set")
        case (let keyId?, let secret?):
            return AWSCredentials(accessKeyId: keyId, secretAccessKey: secret,
                                  sessionToken: value("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"))
        case (nil, _):
            throw CredentialError.incompleteEnvironment(missing: ["AWS_ACCESS_KEY_ID"])
        case (_, nil):
            throw CredentialError.incompleteEnvironment(missing: ["AWS_SECRET_ACCESS_KEY"])
        }
    }

    /// The first of the names that is set to something non-empty.
    private func value(_ names: String...) -> String? {
        for name in names {
            if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                return value
            }
        }
        return nil
    }
}

import Foundation
import HTTP

/// The SDKs' default order: environment, web identity, shared files (AWS_PROFILE), container, EC2
/// instance metadata. The first source that yields wins and is used from then on. A source that is
/// simply not set up is skipped; one that is set up but broken (a partial key pair, a named profile
/// that does not exist, a failing STS call) stops the search with its own error, as in the SDKs, so a
/// misconfiguration is reported instead of silently falling through to some other identity.
// @unchecked Sendable: the only mutable state, `winner`, is read and written under `lock`.
public final class DefaultCredentialChain: CredentialProvider, @unchecked Sendable {
    /// The sources, in the order they are tried.
    public let providers: [any CredentialProvider]
    private let lock = NSLock()
    private var winner: (any CredentialProvider)?

    /// A chain over `providers`, tried in order.
    public init(providers: [any CredentialProvider]) {
        self.providers = providers
    }

    /// The standard chain. `transport` reaches STS; `metadataTransport` reaches the link-local
    /// metadata endpoints and should use `HTTPClientSettings.metadata` (short timeouts, no proxy).
    public convenience init(environment: [String: String], homeDirectory: String, transport: any HTTPTransport,
                            metadataTransport: any HTTPTransport, region: String, profile: String? = nil,
                            clock: @escaping @Sendable () -> Date = { Date() }) {
        self.init(providers: [
            EnvironmentCredentialProvider(environment: environment),
            WebIdentityCredentialProvider(transport: transport, environment: environment, region: region, clock: clock),
            SharedFileCredentialProvider(environment: environment, homeDirectory: homeDirectory, profile: profile,
                                         transport: transport, metadataTransport: metadataTransport,
                                         region: region, clock: clock),
            ContainerCredentialProvider(transport: metadataTransport, environment: environment, clock: clock),
            InstanceMetadataCredentialProvider(transport: metadataTransport, environment: environment, clock: clock),
        ])
    }

    /// The standard chain over this process's environment and home directory.
    public convenience init(region: String, transport: any HTTPTransport, profile: String? = nil) {
        self.init(environment: ProcessInfo.processInfo.environment, homeDirectory: NSHomeDirectory(),
                  transport: transport, metadataTransport: HTTPClient(settings: .metadata),
                  region: region, profile: profile)
    }

    /// "default_chain" until a source has answered, then "default_chain/<source>".
    public var name: String {
        lock.withLock { winner.map { "default_chain/\($0.name)" } ?? "default_chain" }
    }

    public func credentials() async throws -> AWSCredentials {
        if let known = lock.withLock({ winner }) {
            return try await known.credentials()
        }
        var tried: [CredentialError.Attempt] = []
        for provider in providers {
            do {
                let credentials = try await provider.credentials()
                lock.withLock { winner = provider }
                return credentials
            } catch let error as CredentialError where error.letsChainContinue {
                tried.append(CredentialError.Attempt(source: provider.name, reason: Self.reason(error)))
            }
        }
        throw CredentialError.noneFound(tried: tried)
    }

    /// The cause alone, without the "X not configured" prefix the attempt's source already gives.
    private static func reason(_ error: CredentialError) -> String {
        switch error {
        case .notConfigured(_, let reason): return reason
        case .metadataUnavailable(let detail): return detail
        default: return error.description
        }
    }
}

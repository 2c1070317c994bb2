import Foundation
import HTTP

/// Profiles that assume a role, as the SDKs read them:
/// `role_arn` + `source_profile` (another profile's keys, or a chain of role profiles) or
/// `role_arn` + `credential_source` (Environment, Ec2InstanceMetadata, EcsContainer), with the optional
/// `external_id`, `role_session_name`, `duration_seconds` and `region`. Each distinct role profile gets one
/// `AssumeRoleCredentialProvider`, kept so its credentials are cached between calls.
struct SharedProfileRoles: Sendable {
    var location: SharedFileLocation
    var environment: [String: String]
    var transport: any HTTPTransport
    var metadataTransport: any HTTPTransport
    var region: String
    var clock: @Sendable () -> Date
    let providers = RoleProviderStore()

    /// How many role profiles may chain through `source_profile` (botocore allows any depth; a loop is
    /// the usual cause of a long chain, and is reported as one).
    static let maximumChain = 5

    /// The assume-role provider for `profile`, which has a `role_arn`.
    func provider(for profile: SharedProfile, visited: [String] = []) async throws -> AssumeRoleCredentialProvider {
        let visited = visited + [profile.name]
        let source = try await sourceProvider(for: profile, visited: visited)
        let settings = profile.settings
        let duration = try settings["duration_seconds"].map { text -> Int in
            guard let seconds = Int(text) else {
                throw CredentialError.invalidProfileSetting(profile: profile.name, key: "duration_seconds",
                                                            detail: "'\(text)' is not a whole number of seconds")
            }
            return seconds
        }
        let parameters = try AssumeRoleParameters(
            roleArn: settings["role_arn"] ?? "", externalId: settings["external_id"],
            sessionName: settings["role_session_name"], durationSeconds: duration)
        let region = settings["region"] ?? self.region
        let endpoint = AWSEndpoint.resolve(service: "sts", region: region, configured: nil, environment: environment)
        // The key holds settings, possibly static keys of a self-sourcing profile: memory only, never logged.
        let key = visited.joined(separator: ">") + "|" + settings.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        let (transport, clock) = (self.transport, self.clock)
        return await providers.provider(for: key) {
            AssumeRoleCredentialProvider(source: source, parameters: parameters, transport: transport,
                                         region: region, endpoint: endpoint, clock: clock)
        }
    }

    private func sourceProvider(for profile: SharedProfile, visited: [String]) async throws -> any CredentialProvider {
        if let sourceName = profile.settings["source_profile"] {
            if sourceName == profile.name {
                // A profile may name itself to use its own keys for the AssumeRole call.
                return StaticCredentialProvider(try profile.staticCredentials(), name: "profile \(sourceName)")
            }
            guard !visited.contains(sourceName), visited.count < Self.maximumChain else {
                throw CredentialError.invalidProfileSetting(
                    profile: profile.name, key: "source_profile",
                    detail: "forms a loop or too long a chain: \((visited + [sourceName]).joined(separator: " -> "))")
            }
            let source = try SharedProfile.load(named: sourceName, from: location)
            if source.settings["role_arn"] != nil {
                return try await provider(for: source, visited: visited)
            }
            return StaticCredentialProvider(try source.staticCredentials(), name: "profile \(sourceName)")
        }
        guard let credentialSource = profile.settings["credential_source"] else {
            throw CredentialError.incompleteProfile(name: profile.name, missing: ["source_profile or credential_source"])
        }
        switch credentialSource {
        case "Environment":
            return EnvironmentCredentialProvider(environment: environment)
        case "Ec2InstanceMetadata":
            return InstanceMetadataCredentialProvider(transport: metadataTransport, environment: environment, clock: clock)
        case "EcsContainer":
            return ContainerCredentialProvider(transport: metadataTransport, environment: environment, clock: clock)
        default:
            throw CredentialError.invalidProfileSetting(
                profile: profile.name, key: "credential_source",
                detail: "'\(credentialSource)' is not one of Environment, Ec2InstanceMetadata, EcsContainer")
        }
    }
}

/// The assume-role providers made so far, by profile settings, so each keeps its credential cache.
actor RoleProviderStore {
    private var providers: [String: AssumeRoleCredentialProvider] = [:]

    func provider(for key: String, make: () -> AssumeRoleCredentialProvider) -> AssumeRoleCredentialProvider {
        if let existing = providers[key] { return existing }
        let made = make()
        providers[key] = made
        return made
    }
}

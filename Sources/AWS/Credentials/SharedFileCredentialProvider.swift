import Foundation
import HTTP

/// Credentials from the shared files: ~/.aws/credentials (`[NAME]`) and ~/.aws/config (`[profile NAME]`,
/// `[default]`), with AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE and AWS_PROFILE honoured. Keys in the
/// credentials file win over the config file, as in the SDKs. A profile with `role_arn` assumes that role
/// (see `SharedProfileRoles`) when the provider was given a transport to reach STS.
public struct SharedFileCredentialProvider: CredentialProvider {
    public let name = "shared_files"
    private let location: SharedFileLocation
    /// The profile to read; nil means AWS_PROFILE, then "default".
    private let profile: String?
    private let roles: SharedProfileRoles?

    /// Reads the files named by `environment` (or their defaults under `homeDirectory`). `transport`
    /// (to STS) and `metadataTransport` are needed only for profiles that assume a role; STS is called in
    /// the profile's `region`, else `region`.
    public init(environment: [String: String], homeDirectory: String, profile: String? = nil,
                transport: (any HTTPTransport)? = nil, metadataTransport: (any HTTPTransport)? = nil,
                region: String = "us-east-1", clock: @escaping @Sendable () -> Date = { Date() }) {
        let location = SharedFileLocation(environment: environment, homeDirectory: homeDirectory)
        self.location = location
        self.profile = profile ?? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"]
        self.roles = transport.map {
            SharedProfileRoles(location: location, environment: environment, transport: $0,
                               metadataTransport: metadataTransport ?? $0, region: region, clock: clock)
        }
    }

    /// Reads the process environment and the user's home directory.
    public init(profile: String? = nil) {
        self.init(environment: ProcessInfo.processInfo.environment,
                  homeDirectory: NSHomeDirectory(), profile: profile)
    }

    public func credentials() async throws -> AWSCredentials {
        let profile = try SharedProfile.load(named: self.profile, from: location)
        guard profile.settings["role_arn"] != nil else { return try profile.staticCredentials() }
        guard let roles else {
            throw CredentialError.invalidProfileSetting(
                profile: profile.name, key: "role_arn", detail: "is not supported here (no STS transport given)")
        }
        return try await roles.provider(for: profile).credentials()
    }
}

/// Where the shared credentials and config files are.
struct SharedFileLocation: Sendable {
    var credentialsPath: String
    var configPath: String

    init(environment: [String: String], homeDirectory: String) {
        func expand(_ path: String) -> String {
            path.hasPrefix("~/") ? homeDirectory + path.dropFirst(1) : path
        }
        credentialsPath = expand(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
        configPath = expand(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config")
    }
}

/// One profile's settings, merged from both shared files.
struct SharedProfile: Sendable {
    var name: String
    var settings: [String: String]
    /// Which file(s) the profile came from, for messages.
    var origin: String

    /// Loads `name` (nil: the default profile). Missing files and a missing default profile are "not
    /// configured"; a named profile that does not exist is an error, since the operator asked for it.
    static func load(named name: String?, from location: SharedFileLocation) throws -> SharedProfile {
        let profileName = name ?? "default"
        let credentialsFile = try read(location.credentialsPath)
        let configFile = try read(location.configPath)
        let both = "\(location.credentialsPath) or \(location.configPath)"
        guard credentialsFile != nil || configFile != nil else {
            throw CredentialError.notConfigured(
                source: "shared_files",
                reason: "neither \(location.credentialsPath) nor \(location.configPath) exists")
        }
        let fromConfig = configFile?.section("profile \(profileName)")
            ?? (profileName == "default" ? configFile?.section("default") : nil)
        let fromCredentials = credentialsFile?.section(profileName)
        guard fromConfig != nil || fromCredentials != nil else {
            if name == nil {
                throw CredentialError.notConfigured(source: "shared_files", reason: "no [default] profile in \(both)")
            }
            throw CredentialError.profileNotFound(name: profileName, path: both)
        }
        let settings = (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentialsWins in credentialsWins }
        let origin = fromCredentials != nil ? location.credentialsPath : location.configPath
        return SharedProfile(name: profileName, settings: settings, origin: origin)
    }

    /// The profile's own keys. A profile with no keys at all is "not configured" (it may hold only a region).
    func staticCredentials() throws -> AWSCredentials {
        let keyId = settings["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = settings["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (keyId, secret) {
        case (let keyId?, let secret?):
            let token = settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token)
        case (nil, nil):
            throw CredentialError.notConfigured(
                source: "shared_files", reason: "profile '\(name)' in \(origin) has no aws_access_key_id")
        case (nil, _):
            throw CredentialError.incompleteProfile(name: name, missing: ["aws_access_key_id"])
        case (_, nil):
            throw CredentialError.incompleteProfile(name: name, missing: ["aws_secret_access_key"])
        }
    }

    /// nil when the file does not exist; an error when it exists but cannot be read.
    private static func read(_ path: String) throws -> INIFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialError.fileUnreadable(path: path)
        }
        return INIFile(parsing: String(decoding: data, as: UTF8.self))
    }
}

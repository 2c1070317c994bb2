import AWS
import Foundation
import HTTP

/// The credential providers a connector's `auth` section describes.
struct InspectorCredentials: Sendable {
    /// Where the keys come from: `access_key` fields, or the AWS SDK default chain.
    public let source: any CredentialProvider
    /// The role to assume on top of `source` (auth.method "iam_role").
    public let assumedRole: AssumeRoleCredentialProvider?
    /// What signs the Inspector2 calls.
    public var effective: any CredentialProvider { assumedRole ?? source }
    /// STS as the connector reaches it: the regional endpoint of its first region, or `sts_endpoint_url`.
    public let stsRegion: String
    public let stsEndpoint: String

    /// Resolves secrets (inline, `_env`, `_file`) now, so a missing one fails at start with its key path.
    /// `metadataTransport` reaches the link-local ECS/EC2 credential endpoints (short timeouts, no proxy).
    init(connector: ConnectorConfig, index: Int, transport: any HTTPTransport, metadataTransport: any HTTPTransport,
                environment: [String: String]) throws {
        let settings = InspectorKind.settings(of: connector)
        let auth = settings.auth
        let keyPath = "connectors[\(index)].auth"
        stsRegion = settings.regions.first ?? "us-east-1"
        stsEndpoint = AWSEndpoint.resolve(service: "sts", region: stsRegion, configured: settings.stsEndpointURL,
                                          environment: environment)
        if let idSource = auth.accessKeyId, let secretSource = auth.secretAccessKey {
            let keys = AWSCredentials(
                accessKeyId: try idSource.resolve(key: "\(keyPath).access_key_id", environment: environment),
                secretAccessKey: try secretSource.resolve(key: "\(keyPath).secret_access_key", environment: environment),
                sessionToken: try auth.sessionToken?.resolve(key: "\(keyPath).session_token", environment: environment))
            source = StaticCredentialProvider(keys)
        } else {
            source = DefaultCredentialChain(environment: environment,
                                            homeDirectory: environment["HOME"] ?? NSHomeDirectory(),
                                            transport: transport, metadataTransport: metadataTransport,
                                            region: stsRegion)
        }
        guard auth.method == .iamRole, let roleARN = auth.roleARN else {
            assumedRole = nil
            return
        }
        let parameters = try AssumeRoleParameters(
            roleArn: roleARN,
            externalId: try auth.externalId?.resolve(key: "\(keyPath).external_id", environment: environment),
            sessionName: auth.sessionName, durationSeconds: auth.durationSeconds)
        assumedRole = AssumeRoleCredentialProvider(source: source, parameters: parameters, transport: transport,
                                                   region: stsRegion, endpoint: stsEndpoint)
    }
}

import AWS
import Foundation
import HTTP
import JSONBytes

/// `aws_inspector`: Inspector2 `ListFindings` in each configured region, SigV4-signed with the connector's
/// AWS credentials.
struct InspectorKind: ConnectorKind {
    let type = "aws_inspector"
    let records = RecordKind(origin: InspectorFindingMapper.origin, fields: InspectorRecordFields.record)

    func readSettings(_ reader: ConfigReader, index: Int) -> (any ConnectorSettings)? {
        InspectorSettingsReader.read(reader)
    }

    func warnings(for connector: ConnectorConfig) -> [String] {
        let settings = Self.settings(of: connector)
        var warnings: [String] = []
        let secrets = [settings.auth.secretAccessKey, settings.auth.sessionToken]
        if secrets.contains(where: { if case .inline? = $0 { return true } else { return false } }) {
            warnings.append("auth holds a secret inline: prefer secret_access_key_env or _file")
        }
        return warnings
    }

    func scopes(of connector: ConnectorConfig) -> [String] {
        Self.settings(of: connector).regions
    }

    func wire(_ connector: ConnectorConfig, _ context: SourceContext) throws -> ConnectorWiring {
        let credentials = try InspectorCredentials(connector: connector, index: context.index, transport: context.http,
                                                   metadataTransport: context.metadata, environment: context.environment)
        let sources = try Self.sources(for: connector, credentials: credentials.effective, context)
        return ConnectorWiring(sources: sources,
                               mapper: InspectorFindingMapper(stamp: RecordStamp(tenant: connector.tenant, connector: connector.name)))
    }

    func maxConcurrentListings(of connector: ConnectorConfig) -> Int {
        Self.settings(of: connector).partitions?.maxConcurrency ?? 1
    }

    func check(_ connector: ConnectorConfig, _ context: SourceContext, now: Date) async -> [CheckStep] {
        await InspectorCheck(connector: connector, settings: Self.settings(of: connector), context: context, now: now).run()
    }

    static func settings(of connector: ConnectorConfig) -> InspectorSettings {
        guard let settings = connector.settings as? InspectorSettings else {
            preconditionFailure("connector \(connector.name) of type aws_inspector holds \(Swift.type(of: connector.settings))")
        }
        return settings
    }

    /// One Inspector2 source per region, each with its endpoint, the connector's retry policy (or the context's
    /// `maxAttempts`), and retries counted and logged.
    static func sources(for connector: ConnectorConfig, credentials: any CredentialProvider,
                        _ context: SourceContext) throws -> [InspectorSource] {
        let settings = settings(of: connector)
        let criteria = try settings.filterCriteria.map { try JSONValue.parse($0) }
        let partitions = settings.partitions.map { ListingPartitions.criteria(splitting: $0.dimensions, base: criteria) } ?? []
        return settings.regions.map { region in
            let client = AWSServiceClient(
                transport: context.http, credentials: credentials, region: region, service: "inspector2",
                endpoint: AWSEndpoint.resolve(service: "inspector2", region: region, configured: settings.endpointURL,
                                              environment: context.environment),
                retry: context.retryPolicy(for: connector), sleep: context.sleep, onRetry: context.onRetry(("region", region)))
            return InspectorSource(client: client, extraCriteria: criteria, maxPages: settings.maxPagesPerWindow,
                                   partitions: partitions, settleSeconds: settings.settleSeconds)
        }
    }
}

import Foundation
import HTTP

/// `type: rapid7_insightvm`: Rapid7 InsightVM Cloud through its v4 integration API (DESIGN §4d; README.md here).
struct Rapid7InsightVMKind: ConnectorKind {
    var type: String { "rapid7_insightvm" }

    var records: RecordKind {
        RecordKind(origin: Rapid7FindingMapper.origin, fields: Rapid7RecordFields.rapid7Record)
    }

    func readSettings(_ reader: ConfigReader, index: Int) -> (any ConnectorSettings)? {
        Rapid7SettingsReader.read(reader, index: index)
    }

    func warnings(for connector: ConnectorConfig) -> [String] {
        guard let settings = connector.settings as? Rapid7Settings else { return [] }
        var warnings: [String] = []
        if case .custom(let url) = settings.endpoint, url.lowercased().hasPrefix("http://") {
            warnings.append("connector \(connector.name): endpoint_url is plain http: the API key would cross the network "
                            + "unencrypted; use https:// (plain http is for a loopback test double only)")
        }
        if case .inline = settings.apiKey {
            warnings.append("connector \(connector.name): auth.api_key is written in the config; prefer api_key_env or api_key_file")
        }
        return warnings
    }

    func scopes(of connector: ConnectorConfig) -> [String] {
        (connector.settings as? Rapid7Settings).map { [$0.endpoint.scope] } ?? []
    }

    func wire(_ connector: ConnectorConfig, _ context: SourceContext) throws -> ConnectorWiring {
        let settings = try Self.settings(of: connector)
        let key = Rapid7APIKey(try settings.apiKey.resolve(key: "connectors[\(context.index)].auth.api_key",
                                                           environment: context.environment))
        let scope = settings.endpoint.scope
        let client = Rapid7Client(transport: context.http, baseURL: settings.endpoint.baseURL, apiKey: key,
                                   retry: context.retryPolicy(for: connector), sleep: context.sleep,
                                   onRetry: context.onRetry(("scope", scope)))
        return ConnectorWiring(sources: [Rapid7Source(client: client, scope: scope, settings: settings)],
                               mapper: Rapid7FindingMapper(stamp: RecordStamp(tenant: connector.tenant, connector: connector.name)))
    }

    func check(_ connector: ConnectorConfig, _ context: SourceContext, now: Date) async -> [CheckStep] {
        guard let settings = try? Self.settings(of: connector) else { return [] }
        return await Rapid7Check(settings: settings, keyPath: "connectors[\(context.index)].auth.api_key",
                                 http: context.http, environment: context.environment).run()
    }

    private static func settings(of connector: ConnectorConfig) throws -> Rapid7Settings {
        guard let settings = connector.settings as? Rapid7Settings else {
            throw ConfigError.invalid([ConfigProblem("connectors", "connector \(connector.name) has no rapid7_insightvm settings")])
        }
        return settings
    }
}

import AWS
import Foundation
import HTTP

/// `test-connector`: walks the path a pass takes, one step at a time, and stops explaining the first failure.
/// Each API call is made once, without retries, so the answer comes in seconds and shows what AWS said.
public struct ConnectorCheck: Sendable {
    let config: CollectorConfig
    let connector: ConnectorConfig
    let index: Int
    let environment: [String: String]
    let clock: @Sendable () -> Date

    public init(config: CollectorConfig, connectorName: String,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        guard let index = config.connectors.firstIndex(where: { $0.name == connectorName }) else {
            let known = config.connectors.map(\.name).joined(separator: ", ")
            throw ConfigError.invalid([ConfigProblem("connectors", "no connector named \"\(connectorName)\"; defined: \(known)")])
        }
        self.config = config
        self.connector = config.connectors[index]
        self.index = index
        self.environment = environment
        self.clock = clock
    }

    public func run() async -> CheckReport {
        let http = HTTPClient(settings: CollectorRuntime.httpSettings(for: connector))
        let metadata = HTTPClient(settings: .metadata)
        defer {
            http.shutdown()
            metadata.shutdown()
        }
        var steps: [CheckStep] = []
        var identity: String?

        func record(_ name: String, action: String, _ body: () async throws -> String?) async -> Bool {
            do {
                guard let detail = try await body() else { return true }
                steps.append(CheckStep(name: name, outcome: .passed(detail)))
                return true
            } catch {
                let (summary, details) = FailureExplanation.explain(error, action: action, identity: identity)
                steps.append(CheckStep(name: name, outcome: .failed(summary: summary, details: details)))
                return false
            }
        }

        var credentials: ConnectorCredentials?
        var proceed = await record("credentials", action: "credentials") {
            let resolved = try ConnectorCredentials(connector: connector, index: index, transport: http,
                                                        metadataTransport: metadata, environment: environment)
            credentials = resolved
            let keys = try await resolved.source.credentials()
            return "access key \(Self.masked(keys.accessKeyId)) from \(resolved.source.name)"
        }
        if proceed, let role = credentials?.assumedRole {
            proceed = await record("assume role", action: "sts:AssumeRole") {
                let keys = try await role.credentials()
                let expiry = keys.expiration.map { " until \(ISO8601DateFormatter().string(from: $0))" } ?? ""
                return "assumed \(role.parameters.roleArn)\(expiry)"
            }
        } else if proceed {
            steps.append(CheckStep(name: "assume role", outcome: .skipped("auth.method is \(connector.auth.method.rawValue)")))
        }
        if proceed, let credentials {
            proceed = await record("sts:GetCallerIdentity", action: "sts:GetCallerIdentity") {
                let sts = STSClient(transport: http, credentials: credentials.effective, region: credentials.stsRegion,
                                    endpoint: credentials.stsEndpoint)
                let caller = try await sts.getCallerIdentity()
                identity = caller.arn
                return "\(caller.arn) (account \(caller.account))"
            }
        }
        if proceed, let credentials {
            for region in connector.regions where proceed {
                proceed = await record("inspector2:ListFindings \(region)", action: "inspector2:ListFindings") {
                    try await listOnePage(region: region, http: http, credentials: credentials.effective)
                }
            }
        }
        if proceed {
            _ = await record("destination", action: "destination \(connector.destination)") {
                try await DestinationProbe(config: config, connector: connector, clock: clock).run()
            }
        }
        return CheckReport(steps: steps)
    }

    /// One ListFindings call, built as a pass builds it but with a single attempt: test-connector reports
    /// what AWS answered instead of retrying it.
    private func listOnePage(region: String, http: HTTPClient, credentials: any CredentialProvider) async throws -> String {
        var single = connector
        single.regions = [region]
        let source = try CollectorRuntime.regionSources(for: single, http: http, credentials: credentials,
                                                        environment: environment, retries: RetryCounter(),
                                                        log: Logger(minimum: .error), maxAttempts: 1)[0].source
        let window = TimeWindow.next(cursor: nil, now: clock(), lookbackHours: 24, settleSeconds: 0)
            ?? TimeWindow(start: 0, end: clock().timeIntervalSince1970)
        let request = ListFindingsRequest(window: window, extraCriteria: source.extraCriteria, maxResults: 10)
        let page = try await source.fetchPage(request, nextToken: nil)
        let more = page.nextToken == nil ? "" : "; more pages available"
        return "\(page.findings.count) finding(s) updated in the last 24 h on the first page\(more)"
    }

    /// Key ids are not secret, but showing only their ends is enough to tell them apart.
    static func masked(_ keyId: String) -> String {
        keyId.count <= 8 ? "****" : "\(keyId.prefix(4))…\(keyId.suffix(4))"
    }
}

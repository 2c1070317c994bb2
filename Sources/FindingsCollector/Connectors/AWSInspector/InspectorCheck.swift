import AWS
import Foundation
import HTTP

/// test-connector for `aws_inspector`: credentials, the role, STS GetCallerIdentity, then one ListFindings call
/// per region, each made once without retries so the answer shows what AWS said.
struct InspectorCheck {
    let connector: ConnectorConfig
    let settings: InspectorSettings
    let context: SourceContext
    let now: Date

    func run() async -> [CheckStep] {
        var steps = CheckSteps()
        var identity: String?
        func explain(_ action: String) -> (any Error) -> (summary: String, details: [String]) {
            { AWSFailureExplanation.explain($0, action: action, identity: identity) }
        }

        var credentials: InspectorCredentials?
        await steps.run("credentials", explain: explain("credentials")) {
            let resolved = try InspectorCredentials(connector: connector, index: context.index, transport: context.http,
                                                    metadataTransport: context.metadata, environment: context.environment)
            credentials = resolved
            let keys = try await resolved.source.credentials()
            return "access key \(Self.masked(keys.accessKeyId)) from \(resolved.source.name)"
        }
        if steps.passed, let role = credentials?.assumedRole {
            await steps.run("assume role", explain: explain("sts:AssumeRole")) {
                let keys = try await role.credentials()
                let expiry = keys.expiration.map { " until \(ISO8601DateFormatter().string(from: $0))" } ?? ""
                return "assumed \(role.parameters.roleArn)\(expiry)"
            }
        } else if steps.passed {
            steps.skip("assume role", because: "auth.method is \(settings.auth.method.rawValue)")
        }
        guard steps.passed, let credentials else { return steps.steps }
        await steps.run("sts:GetCallerIdentity", explain: explain("sts:GetCallerIdentity")) {
            let sts = STSClient(transport: context.http, credentials: credentials.effective, region: credentials.stsRegion,
                                endpoint: credentials.stsEndpoint)
            let caller = try await sts.getCallerIdentity()
            identity = caller.arn
            return "\(caller.arn) (account \(caller.account))"
        }
        var single = context
        single.maxAttempts = 1
        let sources = (try? InspectorKind.sources(for: connector, credentials: credentials.effective, single)) ?? []
        for source in sources where steps.passed {
            await steps.run("inspector2:ListFindings \(source.scope)", explain: explain("inspector2:ListFindings")) {
                try await listOnePage(source)
            }
        }
        return steps.steps
    }

    /// One ListFindings call, built as a pass builds it.
    private func listOnePage(_ source: InspectorSource) async throws -> String {
        let window = TimeWindow.next(cursor: nil, now: now, lookbackHours: 24, settleSeconds: 0)
            ?? TimeWindow(start: 0, end: now.timeIntervalSince1970)
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

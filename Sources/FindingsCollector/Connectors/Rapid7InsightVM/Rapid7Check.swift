import Foundation
import HTTP

/// test-connector's steps for a `rapid7_insightvm` connector: the API key is there, one assets call, one
/// vulnerabilities call — each made once without retries and explained when it fails. The key never appears
/// in what it reports, even if an answer were to echo it back.
struct Rapid7Check: Sendable {
    let settings: Rapid7Settings
    /// `connectors[i].auth.api_key`, for messages about the secret.
    let keyPath: String
    let http: any HTTPTransport
    let environment: [String: String]

    func run() async -> [CheckStep] {
        var steps = CheckSteps()
        var key: Rapid7APIKey?
        await steps.run("api key", explain: { explain($0, action: "api key", key: nil) }) {
            key = Rapid7APIKey(try settings.apiKey.resolve(key: keyPath, environment: environment))
            return "read from \(Self.origin(of: settings.apiKey))"
        }
        guard let key else { return steps.steps }
        let client = Rapid7Client(transport: http, baseURL: settings.endpoint.baseURL, apiKey: key,
                                  retry: RetryPolicy(maxAttempts: 1))
        let scope = settings.endpoint.scope
        let assets = Rapid7AssetsQuery(pageSize: 1, includeSame: false, comparisonTime: nil,
                                       assetCriteria: settings.assetFilter, vulnerabilityCriteria: settings.vulnerabilityFilter)
        let assetsAction = "POST \(Rapid7AssetsQuery.path)"
        await steps.run("assets search (\(scope))", explain: { explain($0, action: assetsAction, key: key) }) {
            let answer = try await client.searchAssets(assets, cursor: nil)
            let matching = answer.page.totalResources.map { "\($0) asset(s) match" } ?? "\(answer.page.items.count) asset(s) on the first page"
            return Self.scrub("\(settings.endpoint.baseURL) answered: \(matching)"
                + (settings.assetFilter == nil && settings.vulnerabilityFilter == nil ? "" : " the filters"), key: key)
        }
        guard steps.passed else { return steps.steps }
        let definitionsAction = "POST \(Rapid7DefinitionsQuery.path)"
        await steps.run("vulnerabilities search (\(scope))", explain: { explain($0, action: definitionsAction, key: key) }) {
            let answer = try await client.post(Rapid7DefinitionsQuery.path, query: "size=1", body: Array("{}".utf8), firstPage: true)
            let known = answer.page.totalResources.map { "\($0) vulnerability definitions" } ?? "definitions"
            return Self.scrub("the key may read \(known)", key: key)
        }
        return steps.steps
    }

    /// The failure explained, with the key scrubbed from every line.
    private func explain(_ error: any Error, action: String, key: Rapid7APIKey?) -> (summary: String, details: [String]) {
        let (summary, details) = Rapid7FailureExplanation.explain(error, action: action, endpoint: settings.endpoint)
        guard let key else { return (summary, details) }
        return (Self.scrub(summary, key: key), details.map { Self.scrub($0, key: key) })
    }

    static func origin(of secret: SecretSource) -> String {
        switch secret {
        case .inline: return "auth.api_key (inline; prefer api_key_env or api_key_file)"
        case .environment(let variable): return "environment variable \(variable)"
        case .file(let path): return "file \(path)"
        }
    }

    /// `text` with every occurrence of the key replaced.
    static func scrub(_ text: String, key: Rapid7APIKey) -> String {
        guard key.headerValue.count >= 4, text.contains(key.headerValue) else { return text }
        return text.replacingOccurrences(of: key.headerValue, with: "<redacted>")
    }
}

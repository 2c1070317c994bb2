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
        var steps: [CheckStep] = []
        let key: Rapid7APIKey
        do {
            key = Rapid7APIKey(try settings.apiKey.resolve(key: keyPath, environment: environment))
            steps.append(CheckStep(name: "api key", outcome: .passed("read from \(Self.origin(of: settings.apiKey))")))
        } catch {
            let (summary, details) = Rapid7FailureExplanation.explain(error, action: "api key", endpoint: settings.endpoint)
            steps.append(CheckStep(name: "api key", outcome: .failed(summary: summary, details: details)))
            return steps
        }
        let client = Rapid7Client(transport: http, baseURL: settings.endpoint.baseURL, apiKey: key,
                                  retry: RetryPolicy(maxAttempts: 1))
        let scope = settings.endpoint.scope
        let assets = Rapid7AssetsQuery(pageSize: 1, includeSame: false, comparisonTime: nil,
                                       assetCriteria: settings.assetFilter, vulnerabilityCriteria: settings.vulnerabilityFilter)
        guard await step("assets search (\(scope))", action: "POST \(Rapid7AssetsQuery.path)", key: key, into: &steps, {
            let answer = try await client.searchAssets(assets, cursor: nil)
            let matching = answer.page.totalResources.map { "\($0) asset(s) match" } ?? "\(answer.page.items.count) asset(s) on the first page"
            return "\(settings.endpoint.baseURL) answered: \(matching)"
                + (settings.assetFilter == nil && settings.vulnerabilityFilter == nil ? "" : " the filters")
        }) else { return steps }
        _ = await step("vulnerabilities search (\(scope))", action: "POST \(Rapid7DefinitionsQuery.path)", key: key, into: &steps, {
            let answer = try await client.post(Rapid7DefinitionsQuery.path, query: "size=1", body: Array("{}".utf8), firstPage: true)
            let known = answer.page.totalResources.map { "\($0) vulnerability definitions" } ?? "definitions"
            return "the key may read \(known)"
        })
        return steps
    }

    /// Runs one call; records it passed or explained (with the key scrubbed from every line). False on failure.
    private func step(_ name: String, action: String, key: Rapid7APIKey, into steps: inout [CheckStep],
                      _ body: () async throws -> String) async -> Bool {
        do {
            steps.append(CheckStep(name: name, outcome: .passed(Self.scrub(try await body(), key: key))))
            return true
        } catch {
            let (summary, details) = Rapid7FailureExplanation.explain(error, action: action, endpoint: settings.endpoint)
            steps.append(CheckStep(name: name, outcome: .failed(summary: Self.scrub(summary, key: key),
                                                                details: details.map { Self.scrub($0, key: key) })))
            return false
        }
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

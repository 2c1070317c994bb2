import Foundation
import HTTP
import Syslog

/// `test-connector`: walks the path a pass takes, one step at a time, and stops explaining the first failure.
/// The connector's kind checks its API (each call made once, without retries, so the answer comes in seconds
/// and shows what the vendor said); then a test record goes to the destination.
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
        let context = SourceContext(http: http, metadata: metadata, environment: environment, index: index,
                                    retries: RetryCounter(), log: Logger(minimum: .error), maxAttempts: 1)
        var steps = CheckSteps()
        steps.append(await connector.kind.check(connector, context, now: clock()))
        if steps.passed {
            await steps.run("destination", explain: { Self.explain($0, action: "destination \(connector.destination)") }) {
                try await DestinationProbe(config: config, connector: connector, clock: clock).run()
            }
        }
        return CheckReport(steps: steps.steps)
    }

    /// An error no kind explains: transport failures are said plainly.
    static func explain(_ error: any Error, action: String) -> (summary: String, details: [String]) {
        switch error {
        case let failure as HTTPError: return ("\(action): cannot reach the endpoint", ["\(failure)"])
        default: return ("\(action): \(error)", ["\(error)"])
        }
    }
}

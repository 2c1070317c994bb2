import Foundation
import HTTP

/// One kind of connector (`type` in the config): the vendor API it pulls and the records it makes. Adding a
/// kind is a folder under `Connectors/` and one line in `ConnectorKinds.all`; the runner, state, capacity,
/// filters, metrics and destinations are shared and know no vendor.
protocol ConnectorKind: Sendable {
    /// The config's `type`.
    var type: String { get }
    /// What its finding records are: `msg_class`, `msg_origin`, and the fields log filters may test.
    var records: RecordKind { get }

    /// Reads the kind's own keys of a connector entry (the shared ones are read already); nil when they have
    /// problems, each reported on `reader` under its key path.
    func readSettings(_ reader: ConfigReader, index: Int) -> (any ConnectorSettings)?
    /// What check-config warns about (valid, but worth knowing).
    func warnings(for connector: ConnectorConfig) -> [String]
    /// The scopes a connector's cursors are kept under (its regions), for `status`.
    func scopes(of connector: ConnectorConfig) -> [String]

    /// How many listings of one source (its partitions) may page side by side at most.
    func maxConcurrentListings(of connector: ConnectorConfig) -> Int
    /// What a pass pulls with: one source per scope, and the mapper of their items.
    func wire(_ connector: ConnectorConfig, _ context: SourceContext) throws -> ConnectorWiring
    /// test-connector's steps up to the API (credentials, one call per endpoint), each made once without
    /// retries and explained when it fails; they stop at the first failure. The destination is probed after.
    func check(_ connector: ConnectorConfig, _ context: SourceContext, now: Date) async -> [CheckStep]
}

extension ConnectorKind {
    func maxConcurrentListings(of connector: ConnectorConfig) -> Int { 1 }
}

/// A kind's own settings of one connector (`InspectorSettings`, `Rapid7Settings`).
protocol ConnectorSettings: Sendable {}

/// What a kind's connector needs from the runtime to build its sources.
struct SourceContext: Sendable {
    /// HTTP for the vendor API (with the connector's TLS settings, metered when metrics are on).
    var http: any HTTPTransport
    /// HTTP for instance metadata (AWS credentials from the instance or container).
    var metadata: any HTTPTransport
    var environment: [String: String]
    /// The connector's index in the config, for key paths in errors (`connectors[2].auth`).
    var index: Int
    var retries: RetryCounter
    var log: Logger
    /// Overrides `max_attempts` (test-connector makes each call once: 1).
    var maxAttempts: Int?
    /// Heard on each throttled answer (adaptive concurrency, metrics).
    var onThrottle: @Sendable () -> Void = {}
    var sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }

    /// The connector's retry policy, or one of `maxAttempts` when the context overrides it.
    func retryPolicy(for connector: ConnectorConfig) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts ?? connector.maxAttempts)
    }

    /// What every source does on a retry: count it, pass throttling on, and log it with `label` (its region).
    func onRetry(_ label: (String, String)) -> @Sendable (RetryEvent) -> Void {
        let retries = retries, onThrottle = onThrottle, log = log
        return { event in
            retries.increment()
            if event.isThrottling { onThrottle() }
            log.warning("retrying API call", [label, ("attempt", event.attempt),
                                              ("delay_s", String(format: "%.2f", event.delay)), ("reason", event.reason)])
        }
    }
}

/// A connector's sources and mapper, built for a pass.
struct ConnectorWiring: Sendable {
    var sources: [any FindingSource]
    var mapper: any RecordMapper
}

/// What a kind's finding records are.
struct RecordKind: Sendable {
    var origin: RecordOrigin
    /// Every field a record of the kind can have, for log filter rules (`RecordFieldCheck`).
    var fields: RecordFieldShape
}

import AWS
import Foundation
import HTTP
import JSONBytes
import Syslog

/// Everything a config describes, built and wired: HTTP clients, credentials, syslog transports, runners.
public final class CollectorRuntime: Sendable {
    public let scheduler: Scheduler
    private let httpClients: [HTTPClient]
    private let transports: [any SyslogTransport]

    public init(config: CollectorConfig, logger: Logger,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        var transports: [String: any SyslogTransport] = [:]
        for (name, destination) in config.destinations {
            transports[name] = try Self.transport(for: destination)
        }
        var clients: [HTTPClient] = []
        var runners: [ConnectorRunner] = []
        let checkpoints = CheckpointStore(directory: config.stateDirectory)
        let metadata = HTTPClient(settings: .metadata)
        clients.append(metadata)
        for (index, connector) in config.connectors.enumerated() {
            let log = logger.with("connector", connector.name)
            guard let destination = config.destination(for: connector), let transport = transports[connector.destination] else { continue }
            let http = HTTPClient(settings: Self.httpSettings(for: connector))
            clients.append(http)
            if !connector.tls.verify {
                log.warning("TLS certificate verification is OFF for the AWS API (tls.verify=false): anyone on the path can read and alter the traffic")
            }
            let credentials = try ConnectorCredentials(connector: connector, index: index, transport: http, metadataTransport: metadata,
                                                      environment: environment)
            let retries = RetryCounter()
            let regions = try Self.regionSources(for: connector, http: http, credentials: credentials.effective,
                                                 environment: environment, retries: retries, log: log)
            let encoder = RecordEncoder(
                mapper: InspectorFindingMapper(stamp: RecordStamp(tenant: connector.tenant, connector: connector.name)),
                formatter: SyslogFormatter(format: destination.format, facility: destination.facility),
                maxMessageSize: transport.maxMessageSize)
            runners.append(ConnectorRunner(connector: connector, regions: regions, encoder: encoder, transport: transport,
                                           checkpoints: checkpoints, retries: retries, logger: log, clock: clock))
        }
        self.scheduler = Scheduler(runners: runners, logger: logger, clock: clock)
        self.httpClients = clients
        self.transports = Array(transports.values)
    }

    /// One Inspector2 source per region, each with its endpoint, the connector's retry policy, and retries
    /// counted and logged.
    static func regionSources(for connector: ConnectorConfig, http: any HTTPTransport, credentials: any CredentialProvider,
                              environment: [String: String], retries: RetryCounter, log: Logger,
                              sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) })
        throws -> [RegionSource] {
        let criteria = try connector.filterCriteria.map { try JSONValue.parse($0) }
        return connector.regions.map { region in
            let client = AWSServiceClient(
                transport: http, credentials: credentials, region: region, service: "inspector2",
                endpoint: AWSEndpoint.resolve(service: "inspector2", region: region, configured: connector.endpointURL,
                                              environment: environment),
                retry: RetryPolicy(maxAttempts: connector.maxAttempts), sleep: sleep,
                onRetry: { event in
                    retries.increment()
                    log.warning("retrying API call", [("region", region), ("attempt", event.attempt),
                                                      ("delay_s", String(format: "%.2f", event.delay)), ("reason", event.reason)])
                })
            return RegionSource(region: region, source: InspectorSource(client: client, extraCriteria: criteria,
                                                                        maxPages: connector.maxPagesPerWindow))
        }
    }

    public func shutdown() async {
        for transport in transports { await transport.close() }
        for client in httpClients { client.shutdown() }
    }

    /// `giveUpAfter`: how long TCP keeps reconnecting before a send fails (test-connector wants an answer now).
    static func transport(for destination: DestinationConfig, connectTimeout: Double = 5,
                          giveUpAfter: Double = ReconnectPolicy().giveUpAfter) throws -> any SyslogTransport {
        switch destination.transport {
        case .udp:
            return try UDPTransport(host: destination.host, port: destination.port, maxDatagramSize: destination.maxMessageSize)
        case .tcp:
            var reconnect = ReconnectPolicy()
            reconnect.giveUpAfter = giveUpAfter
            return TCPTransport(host: destination.host, port: destination.port, framing: destination.framing,
                                connectTimeout: connectTimeout, reconnect: reconnect)
        }
    }

    static func httpSettings(for connector: ConnectorConfig) -> HTTPClientSettings {
        HTTPClientSettings(tls: TLSSettings(verifyPeer: connector.tls.verify, caFile: connector.tls.caFile),
                           userAgent: "findings-collector/\(CollectorVersion.current)")
    }
}

import AWS
import Foundation
import HTTP
import JSONBytes
import Syslog

/// Everything a config describes, built and wired: HTTP clients, credentials, destination queues, runners.
public final class CollectorRuntime: Sendable {
    /// Why `run` returned.
    public enum Ending: Sendable {
        case finished(succeeded: Bool)
        case terminated(ProcessSignals.Signal)
        case reload(CollectorConfig)
    }

    public let scheduler: Scheduler
    let destinations: [DestinationQueue]
    private let httpClients: [HTTPClient]
    private let transports: [any SyslogTransport]
    private let shutdownTimeout: Double
    private let logger: Logger

    public init(config: CollectorConfig, logger: Logger, metrics: CollectorMetrics? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        var queues: [String: DestinationQueue] = [:]
        var transports: [any SyslogTransport] = []
        for (name, destination) in config.destinations {
            let health = DestinationHealth(logger: logger.with("destination", name))
            let transport = try Self.transport(for: destination, onEvent: health.hear)
            transports.append(transport)
            queues[name] = DestinationQueue(name: name, capacity: destination.capacity, transport: transport,
                                            logger: logger, health: health)
        }
        let metadata = HTTPClient(settings: .metadata)
        var clients: [HTTPClient] = [metadata]
        var runners: [ConnectorRunner] = []
        let checkpoints = CheckpointStore(directory: config.stateDirectory)
        for (index, connector) in config.connectors.enumerated() {
            let log = logger.with("connector", connector.name)
            guard let destination = config.destination(for: connector), let queue = queues[connector.destination] else { continue }
            let client = HTTPClient(settings: Self.httpSettings(for: connector))
            clients.append(client)
            let http: any HTTPTransport = metrics.map { MeteredTransport(inner: client, metrics: $0, connector: connector.name) } ?? client
            metrics?.register(connector: connector.name)
            if !connector.tls.verify {
                log.warning("TLS certificate verification is OFF for the vendor API (tls.verify=false): anyone on the path can read and alter the traffic")
            }
            let retries = RetryCounter()
            let concurrency = AdaptiveConcurrency(maximum: connector.kind.maxConcurrentListings(of: connector))
            let wiring = try connector.kind.wire(connector, SourceContext(
                http: http, metadata: metadata, environment: environment, index: index, retries: retries, log: log,
                onThrottle: {
                    concurrency.noteThrottled()
                    metrics?.throttle(connector: connector.name)
                }))
            let encoder = RecordEncoder(
                mapper: wiring.mapper,
                formatter: SyslogFormatter(format: destination.format, facility: destination.facility),
                maxMessageSize: destination.maxMessageSize, filters: [connector.logFilter, destination.logFilter])
            runners.append(ConnectorRunner(
                connector: connector, sources: wiring.sources, encoder: encoder, destination: queue,
                filterLabels: [connector.logFilter.rules.map(\.label), destination.logFilter.rules.map(\.label)],
                checkpoints: checkpoints, retries: retries, concurrency: concurrency, logger: log, clock: clock))
        }
        self.scheduler = Scheduler(runners: runners, logger: logger, metrics: metrics, clock: clock)
        self.destinations = Array(queues.values)
        self.httpClients = clients
        self.transports = transports
        self.shutdownTimeout = config.shutdownTimeoutSeconds
        self.logger = logger
    }

    /// Runs the connectors (one pass each with `once`, else on their intervals) until they finish or a signal
    /// ends them: SIGTERM/SIGINT stop pulling; SIGHUP asks `reload` for a new config, and a config it rejects
    /// changes nothing. Either way queued records get `shutdown_timeout_seconds` to go out before returning;
    /// `onStopping` hears of a stop signal before that drain starts (systemd's STOPPING=1).
    public func run(once: Bool, signals: ProcessSignals?, reload: @escaping @Sendable () -> CollectorConfig? = { nil },
                    onStopping: @escaping @Sendable () -> Void = {}) async -> Ending {
        let ending = await withTaskGroup(of: Void.self, returning: Ending.self) { senders in
            for queue in destinations { senders.addTask { await queue.run() } }
            let ending = await withTaskGroup(of: Ending?.self, returning: Ending.self) { work in
                work.addTask {
                    if once { return .finished(succeeded: await self.scheduler.runOnce()) }
                    await self.scheduler.runForever()
                    return nil
                }
                if let signals {
                    work.addTask { await Self.waitForStop(signals, reload: reload, logger: self.logger) }
                }
                var ending: Ending = .finished(succeeded: false)
                for await result in work {
                    if let result {
                        ending = result
                        break
                    }
                }
                work.cancelAll()
                return ending
            }
            if case .terminated = ending { onStopping() }
            await drainQueues()
            senders.cancelAll()
            return ending
        }
        await shutdown()
        return ending
    }

    private static func waitForStop(_ signals: ProcessSignals, reload: @Sendable () -> CollectorConfig?, logger: Logger) async -> Ending? {
        for await signal in signals.stream {
            guard signal == .hangUp else { return .terminated(signal) }
            logger.info("SIGHUP: reloading the config")
            if let config = reload() { return .reload(config) }
        }
        return nil
    }

    private func drainQueues() async {
        let deadline = Date().addingTimeInterval(shutdownTimeout)
        for queue in destinations {
            let left = await queue.drain(until: deadline)
            if left > 0 {
                logger.warning("records still queued at shutdown; their windows are pulled again next start",
                               [("destination", queue.name), ("queued", left)])
            }
        }
    }

    private func shutdown() async {
        for transport in transports { await transport.close() }
        for client in httpClients { client.shutdown() }
    }

    /// `giveUpAfter`: how long TCP keeps reconnecting before a send fails (test-connector wants an answer now).
    static func transport(for destination: DestinationConfig, connectTimeout: Double = 5,
                          giveUpAfter: Double = ReconnectPolicy().giveUpAfter,
                          onEvent: @escaping TransportEventHandler = { _ in }) throws -> any SyslogTransport {
        var reconnect = ReconnectPolicy()
        reconnect.giveUpAfter = giveUpAfter
        switch destination.transport {
        case .udp:
            return try UDPTransport(host: destination.host, port: destination.port, maxDatagramSize: destination.maxMessageSize)
        case .tcp:
            return TCPTransport(host: destination.host, port: destination.port, framing: destination.framing,
                                connectTimeout: connectTimeout, reconnect: reconnect, onEvent: onEvent)
        case .tls:
            return try TLSTransport(host: destination.host, port: destination.port, tls: destination.tls,
                                    connectTimeout: connectTimeout, reconnect: reconnect, onEvent: onEvent)
        case .relp:
            return RELPTransport(host: destination.host, port: destination.port, connectTimeout: connectTimeout,
                                 reconnect: reconnect, onEvent: onEvent)
        }
    }

    static func httpSettings(for connector: ConnectorConfig) -> HTTPClientSettings {
        HTTPClientSettings(tls: TLSSettings(verifyPeer: connector.tls.verify, caFile: connector.tls.caFile),
                           userAgent: "findings-collector/\(CollectorVersion.current)")
    }
}

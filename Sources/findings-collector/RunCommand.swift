import FindingsCollector
import Foundation

enum RunCommand: Subcommand {
    static let name = "run"
    static let summary = "run the connectors: first pass at once, then every interval_minutes"
    static let valuedOptions: Set<String> = LogOptions.valued.union(["config"])
    static let help = """
    Usage: findings-collector run --config FILE [--once] [--log-level LEVEL] [--log-format logfmt|json]

    Runs every connector of FILE. The first pass starts at once, then one pass every interval_minutes.
      --once        one pass of every connector, then exit: 0 if every region succeeded, 1 otherwise
    \(LogOptions.help)SIGTERM or SIGINT: stop pulling, give queued records shutdown_timeout_seconds to go out, exit 0.
    SIGHUP: reload FILE; a config with problems is rejected (logged) and the running one stays.

    """

    static func run(_ arguments: CommandArguments) async throws -> Int32 {
        try arguments.rejectUnknownFlags(allowed: ["once"])
        let logger = try LogOptions.logger(arguments)
        let path = try arguments.required("config")
        guard var config = ConfigFile.load(path, logger: logger) else { return 2 }
        let signals = ProcessSignals()
        let once = arguments.has("once")
        let notifier = SystemdNotifier()
        let metrics = CollectorMetrics()
        var metricsServer: MetricsServer?
        defer { metricsServer?.stop() }
        do {
            metricsServer = try serveMetrics(config, metrics, logger)
        } catch {
            logger.error("cannot serve metrics", [("error", error)])
            return 1
        }
        while true {
            let runtime: CollectorRuntime
            do {
                runtime = try CollectorRuntime(config: config, logger: logger, metrics: metrics)
            } catch {
                logger.error("cannot start", [("error", error)])
                return 1
            }
            logger.info(once ? "running one pass" : "started", [("connectors", config.connectors.count)])
            notifier.ready(status: "\(config.connectors.count) connector(s) running")
            let ending = await Watchdog(notifier: notifier).keepAlive {
                await runtime.run(once: once, signals: signals, reload: {
                    notifier.reloading()
                    do {
                        return try ConfigLoader.load(path: path)
                    } catch {
                        logger.error("reload rejected; the running config stays", [("error", error)])
                        notifier.reloaded(status: "reload rejected: config has problems")
                        return nil
                    }
                }, onStopping: { notifier.stopping() })
            }
            switch ending {
            case .finished(let succeeded):
                return succeeded ? 0 : 1
            case .terminated(let signal):
                logger.info("stopped", [("signal", signal.rawValue)])
                return 0
            case .reload(let newConfig):
                logger.info("config reloaded", [("connectors", newConfig.connectors.count)])
                if newConfig.metricsListen?.host != config.metricsListen?.host
                    || newConfig.metricsListen?.port != config.metricsListen?.port {
                    metricsServer?.stop()
                    metricsServer = nil
                    do {
                        metricsServer = try serveMetrics(newConfig, metrics, logger)
                    } catch {
                        logger.error("cannot serve metrics at the reloaded address; metrics are off", [("error", error)])
                    }
                }
                config = newConfig
            }
        }
    }

    /// The Prometheus endpoint of `metrics.listen`, when the config has one. The counters live across reloads.
    static func serveMetrics(_ config: CollectorConfig, _ metrics: CollectorMetrics, _ logger: Logger) throws -> MetricsServer? {
        guard let listen = config.metricsListen else { return nil }
        let server = try MetricsServer(host: listen.host, port: listen.port, registry: metrics.registry)
        logger.info("serving metrics", [("url", server.url)])
        return server
    }
}

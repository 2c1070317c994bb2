import FindingsCollector
import Foundation

enum RunCommand: Subcommand {
    static let name = "run"
    static let summary = "run the connectors: first pass at once, then every interval_minutes"
    static let valuedOptions: Set<String> = ["config", "log-level"]
    static let help = """
    Usage: findings-collector run --config FILE [--once] [--log-level debug|info|warning|error]

    Runs every connector of FILE. The first pass starts at once, then one pass every interval_minutes.
      --once        one pass of every connector, then exit: 0 if every region succeeded, 1 otherwise
      --log-level   default info; logs go to stderr, one line per event
    SIGTERM or SIGINT stops pulling and exits 0.

    """

    static func run(_ arguments: CommandArguments) async throws -> Int32 {
        try arguments.rejectUnknownFlags(allowed: ["once"])
        let logger = try makeLogger(arguments)
        guard let config = ConfigFile.load(try arguments.required("config")) else { return 2 }
        let runtime: CollectorRuntime
        do {
            runtime = try CollectorRuntime(config: config, logger: logger)
        } catch {
            logger.error("cannot start", [("error", error)])
            return 1
        }
        if arguments.has("once") {
            let succeeded = await runtime.scheduler.runOnce()
            await runtime.shutdown()
            return succeeded ? 0 : 1
        }
        let work = Task { await runtime.scheduler.runForever() }
        let signal = await TerminationSignal.next()
        logger.info("stopping", [("signal", signal)])
        work.cancel()
        await work.value
        await runtime.shutdown()
        return 0
    }

    static func makeLogger(_ arguments: CommandArguments) throws -> Logger {
        let levelName = arguments.value("log-level") ?? "info"
        guard let level = Logger.Level.allCases.first(where: { "\($0)" == levelName }) else {
            throw UsageError("--log-level must be debug, info, warning or error")
        }
        return Logger(minimum: level)
    }
}

import FindingsCollector
import Foundation

enum CheckConfigCommand: Subcommand {
    static let name = "check-config"
    static let summary = "validate a config file and list every problem with its key path"
    static let valuedOptions: Set<String> = LogOptions.valued.union(["config"])
    static let help = """
    Usage: findings-collector check-config --config FILE [--log-level LEVEL] [--log-format logfmt|json]

    Reads FILE and reports every problem at once, each with its key path
    (e.g. connectors[1].auth.role_arn: not an IAM role ARN), one log line each on stderr; the
    verdict and warnings go to stdout. Exit 0 when valid, 2 otherwise.
    \(LogOptions.help)
    """

    static func run(_ arguments: CommandArguments) async throws -> Int32 {
        try arguments.rejectUnknownFlags(allowed: [])
        let path = try arguments.required("config")
        guard let config = ConfigFile.load(path, logger: try LogOptions.logger(arguments)) else { return 2 }
        for warning in ConfigWarnings.of(config) { print("warning: \(warning)") }
        print("config OK: \(config.connectors.count) connector(s), \(config.destinations.count) destination(s)")
        return 0
    }
}

/// Loading a config the way every command does: problems logged (one line each, with its key path, so a
/// log shipper keeps them apart), nil when unusable.
enum ConfigFile {
    static func load(_ path: String, logger: Logger) -> CollectorConfig? {
        do {
            return try ConfigLoader.load(path: path)
        } catch ConfigError.invalid(let problems) {
            for problem in problems {
                // The message reads as the problem itself ("key.path: what is wrong; the fix"); the fields let a
                // log shipper group them.
                logger.error("\(problem.path): \(problem.message)", [("config", path), ("key", problem.path)])
            }
            return nil
        } catch {
            logger.error("cannot load config", [("config", path), ("error", error)])
            return nil
        }
    }
}

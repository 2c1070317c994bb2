import FindingsCollector
import Foundation

enum TestConnectorCommand: Subcommand {
    static let name = "test-connector"
    static let summary = "check credentials, role, permissions, region and destination of one connector"
    static let valuedOptions: Set<String> = LogOptions.valued.union(["config"])
    static let help = """
    Usage: findings-collector test-connector NAME --config FILE [--log-level LEVEL] [--log-format logfmt|json]

    Checks, in order and in seconds: credentials → assume role → sts:GetCallerIdentity →
    one inspector2:ListFindings call per region → the syslog destination (one test record).
    Prints a line per step, what AWS answered when a step fails and what to change, and a
    last line "Success" or "Failure: <summary>". Exit 0 on success, 1 on failure, 2 on bad usage.
    A config that cannot be used is logged to stderr instead.
    \(LogOptions.help)
    """

    static func run(_ arguments: CommandArguments) async throws -> Int32 {
        try arguments.rejectUnknownFlags(allowed: [])
        guard arguments.positional.count == 1, let name = arguments.positional.first else {
            throw UsageError("name exactly one connector")
        }
        let logger = try LogOptions.logger(arguments)
        guard let config = ConfigFile.load(try arguments.required("config"), logger: logger) else { return 2 }
        let check: ConnectorCheck
        do {
            check = try ConnectorCheck(config: config, connectorName: name)
        } catch {
            logger.error("cannot check the connector", [("connector", name), ("error", error)])
            return 2
        }
        let report = await check.run()
        print(report.text, terminator: "")
        return report.succeeded ? 0 : 1
    }
}

import FindingsCollector
import Foundation

enum CheckConfigCommand: Subcommand {
    static let name = "check-config"
    static let summary = "validate a config file and list every problem with its key path"
    static let valuedOptions: Set<String> = ["config"]
    static let help = """
    Usage: findings-collector check-config --config FILE

    Reads FILE and reports every problem at once, each with its key path
    (e.g. connectors[1].auth.role_arn: not an IAM role ARN). Exit 0 when valid, 2 otherwise.

    """

    static func run(_ arguments: CommandArguments) async throws -> Int32 {
        try arguments.rejectUnknownFlags(allowed: [])
        let path = try arguments.required("config")
        guard let config = ConfigFile.load(path) else { return 2 }
        for warning in ConfigWarnings.of(config) { print("warning: \(warning)") }
        print("config OK: \(config.connectors.count) connector(s), \(config.destinations.count) destination(s)")
        return 0
    }
}

/// Loading a config the way every command does: problems to stderr, nil when unusable.
enum ConfigFile {
    static func load(_ path: String) -> CollectorConfig? {
        do {
            return try ConfigLoader.load(path: path)
        } catch {
            FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
            return nil
        }
    }
}

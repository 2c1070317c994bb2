import FindingsCollector
import Simulator
import Foundation

enum DemoCommand: Subcommand {
    static let name = "demo"
    static let summary = "one pass against the built-in Inspector2 simulator into a local receiver (no AWS account)"
    static let valuedOptions: Set<String> = LogOptions.valued.union(["findings"])
    static let help = """
    Usage: findings-collector demo [--findings N] [--log-level LEVEL] [--log-format logfmt|json]

    Starts the built-in Inspector2 simulator (N synthetic findings, default 200) and a syslog receiver,
    both on loopback, then runs one real pass of a connector against them: SigV4-signed HTTP, paging on
    nextToken, mapping to records, RFC 5424 over TCP with octet counting. Prints the first message whole,
    a line per record, and the totals. Exit 0 when every finding arrived.
    \(LogOptions.help)
    """

    static func run(_ arguments: CommandArguments) async throws -> Int32 {
        try arguments.rejectUnknownFlags(allowed: [])
        let count = try arguments.integer("findings", default: 200)
        guard (1...1_000_000).contains(count) else { throw UsageError("--findings must be 1 … 1000000") }
        let demo = DemoRun(findingCount: count, logger: try LogOptions.logger(arguments)) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        return try await demo.run() ? 0 : 1
    }
}

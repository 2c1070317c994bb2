import FindingsCollector
import Simulator
import Foundation

enum DemoCommand: Subcommand {
    static let name = "demo"
    static let summary = "one pass against a built-in scanner simulator into a local receiver (no cloud account)"
    static let valuedOptions: Set<String> = LogOptions.valued.union(["findings", "source"])
    static let help = """
    Usage: findings-collector demo [--source aws_inspector|rapid7_insightvm] [--findings N]
                                   [--log-level LEVEL] [--log-format logfmt|json]

    Starts the built-in Inspector2 simulator (N synthetic findings, default 200) and a syslog receiver,
    both on loopback, then runs one real pass of a connector against them: SigV4-signed HTTP, paging on
    nextToken, mapping to records, RFC 5424 over TCP with octet counting. Prints the first message whole,
    a line per record, and the totals. Exit 0 when every finding arrived.

    With --source rapid7_insightvm the simulator is InsightVM's v4 integration API (N findings, five to an
    asset): X-Api-Key, cursor paging, vulnerability definitions fetched in batches once per pass.
    \(LogOptions.help)
    """

    static func run(_ arguments: CommandArguments) async throws -> Int32 {
        try arguments.rejectUnknownFlags(allowed: [])
        let count = try arguments.integer("findings", default: 200)
        guard (1...1_000_000).contains(count) else { throw UsageError("--findings must be 1 … 1000000") }
        let sourceName = arguments.value("source") ?? DemoRun.Source.awsInspector.rawValue
        guard let source = DemoRun.Source(rawValue: sourceName) else {
            throw UsageError("--source must be one of \(DemoRun.Source.allCases.map(\.rawValue).joined(separator: ", ")), got \(sourceName)")
        }
        let demo = DemoRun(findingCount: count, source: source, logger: try LogOptions.logger(arguments)) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        return try await demo.run() ? 0 : 1
    }
}

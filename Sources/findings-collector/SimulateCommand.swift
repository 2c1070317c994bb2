import FindingsCollector
import Simulator
import Foundation

enum SimulateCommand: Subcommand {
    static let name = "simulate"
    static let summary = "serve an Inspector2-compatible ListFindings API with synthetic findings on loopback"
    static let valuedOptions: Set<String> = ["port", "findings", "page-latency-ms", "empty-pages", "seed",
                                                        "throttle-percent", "error-percent", "malformed-percent"]
    static let help = """
    Usage: findings-collector simulate [--port P] [--findings N] [--page-latency-ms MS] [--empty-pages K]
                                       [--seed S] [--throttle-percent T] [--error-percent E] [--malformed-percent M]

    Serves POST /findings/list (and STS GetCallerIdentity/AssumeRole) on 127.0.0.1:P (default: a free
    port) with N synthetic findings (default 1000) updated over the last hours. Point a connector's
    endpoint_url and sts_endpoint_url at the printed URL. Runs until SIGTERM or SIGINT.

    Chaos: T % of ListFindings calls answer 429 ThrottlingException, E % 500 InternalServerException (both
    with Retry-After 1), M % a 200 whose page is cut short at a random byte; drawn from seed S (default 1),
    so the same seed replays the same faults.

    """

    static func run(_ arguments: CommandArguments) async throws -> Int32 {
        try arguments.rejectUnknownFlags(allowed: [])
        let count = try arguments.integer("findings", default: 1000)
        let latency = Double(try arguments.integer("page-latency-ms", default: 0)) / 1000
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600),
                                         spacing: min(60, 20 * 3600 / Double(max(count, 1))))
        let chaos = SimulatedChaos(seed: UInt64(truncatingIfNeeded: try arguments.integer("seed", default: 1)),
                                   throttlePercent: Double(try arguments.integer("throttle-percent", default: 0)),
                                   serverErrorPercent: Double(try arguments.integer("error-percent", default: 0)),
                                   malformedPercent: Double(try arguments.integer("malformed-percent", default: 0)))
        let double = InspectorDouble(findings: findings, pageLatency: latency,
                                     emptyPagesBeforeData: try arguments.integer("empty-pages", default: 0), chaos: chaos)
        let simulator = try InspectorSimulator(double: double, port: try arguments.integer("port", default: 0))
        // Written unbuffered: a supervisor or a pipe should see the endpoint now, not at exit.
        FileHandle.standardOutput.write(Data("""
            simulate: Inspector2 ListFindings with \(count) findings at \(simulator.endpoint)
            simulate: set endpoint_url and sts_endpoint_url to \(simulator.endpoint); any access key works

            """.utf8))
        let signals = ProcessSignals()
        var signal = ProcessSignals.Signal.terminate
        for await received in signals.stream where received != .hangUp {
            signal = received
            break
        }
        let counts = double.chaosCounts
        print("simulate: \(signal.rawValue): served \(double.findingsServed) findings in \(double.listRequestCount) requests"
              + " (chaos: \(counts.throttled) throttled, \(counts.serverErrors) server errors, \(counts.malformed) malformed)")
        simulator.stop()
        return 0
    }
}

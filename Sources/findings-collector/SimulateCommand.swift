import FindingsCollector
import Simulator
import Foundation

enum SimulateCommand: Subcommand {
    static let name = "simulate"
    static let summary = "serve a scanner API double (Inspector2 ListFindings, or Rapid7 InsightVM) with synthetic data on loopback"
    static let valuedOptions: Set<String> = ["port", "findings", "page-latency-ms", "empty-pages", "seed",
                                                        "throttle-percent", "error-percent", "malformed-percent",
                                                        "source", "assets", "findings-per-asset", "api-key"]
    static let help = """
    Usage: findings-collector simulate [--source aws_inspector|rapid7_insightvm] [--port P] [--findings N]
                                       [--page-latency-ms MS] [--empty-pages K]
                                       [--seed S] [--throttle-percent T] [--error-percent E] [--malformed-percent M]
           findings-collector simulate --source rapid7_insightvm [--assets A] [--findings-per-asset F]
                                       [--api-key KEY] [--port P] [--page-latency-ms MS] [chaos options]

    Serves POST /findings/list (and STS GetCallerIdentity/AssumeRole) on 127.0.0.1:P (default: a free
    port) with N synthetic findings (default 1000) updated over the last hours. Point a connector's
    endpoint_url and sts_endpoint_url at the printed URL. Runs until SIGTERM or SIGINT.

    Chaos: T % of ListFindings calls answer 429 ThrottlingException, E % 500 InternalServerException (both
    with Retry-After 1), M % a 200 whose page is cut short at a random byte; drawn from seed S (default 1),
    so the same seed replays the same faults.

    With --source rapid7_insightvm: serves POST /vm/v4/integration/assets and /vm/v4/integration/vulnerabilities
    (InsightVM's v4 integration API) over A synthetic assets (default 100) with F findings each (default 10),
    answering only requests whose X-Api-Key is KEY (default "simulated-insightvm-key"). Point a
    rapid7_insightvm connector's endpoint_url at the printed URL and its auth.api_key_env at a variable
    holding KEY. The chaos options apply to both endpoints (429 and 500 with Retry-After, cut-short 200s).

    """

    static func run(_ arguments: CommandArguments) async throws -> Int32 {
        try arguments.rejectUnknownFlags(allowed: [])
        switch arguments.value("source") ?? "aws_inspector" {
        case "aws_inspector": return try await runInspector(arguments)
        case "rapid7_insightvm": return try await runRapid7(arguments)
        case let other: throw UsageError("--source must be aws_inspector or rapid7_insightvm, got \(other)")
        }
    }

    static func chaos(_ arguments: CommandArguments) throws -> SimulatedChaos {
        SimulatedChaos(seed: UInt64(truncatingIfNeeded: try arguments.integer("seed", default: 1)),
                       throttlePercent: Double(try arguments.integer("throttle-percent", default: 0)),
                       serverErrorPercent: Double(try arguments.integer("error-percent", default: 0)),
                       malformedPercent: Double(try arguments.integer("malformed-percent", default: 0)))
    }

    static func runRapid7(_ arguments: CommandArguments) async throws -> Int32 {
        let assets = try arguments.integer("assets", default: 100)
        let perAsset = try arguments.integer("findings-per-asset", default: 10)
        guard (0...1_000_000).contains(assets), (0...10_000).contains(perAsset) else {
            throw UsageError("--assets must be 0 … 1000000 and --findings-per-asset 0 … 10000")
        }
        let key = arguments.value("api-key") ?? "simulated-insightvm-key"
        let data = Rapid7SyntheticData.make(assets: assets, findingsPerAsset: perAsset,
                                            now: Date().timeIntervalSince1970)
        let double = Rapid7Double(data: data, apiKey: key, chaos: try chaos(arguments),
                                  pageLatency: Double(try arguments.integer("page-latency-ms", default: 0)) / 1000)
        let simulator = try Rapid7Simulator(double: double, port: try arguments.integer("port", default: 0))
        let current = data.currentUIDs(scannedAfter: 0, now: Date().timeIntervalSince1970).count
        FileHandle.standardOutput.write(Data("""
            simulate: Rapid7 InsightVM v4 integration API with \(assets) assets and \(current) current findings at \(simulator.endpoint)
            simulate: set endpoint_url to \(simulator.endpoint); the API key is "\(key)" (a simulator key, not a secret)

            """.utf8))
        let signal = await waitForStop()
        let counts = double.chaosCounts
        print("simulate: \(signal.rawValue): served \(double.assetsServed) assets in \(double.assetsRequests) assets requests, "
              + "\(double.definitionsServed.values.reduce(0, +)) definitions in \(double.vulnerabilitiesRequests) vulnerabilities requests"
              + " (chaos: \(counts.throttled) throttled, \(counts.serverErrors) server errors, \(counts.malformed) malformed)")
        simulator.stop()
        return 0
    }

    static func waitForStop() async -> ProcessSignals.Signal {
        let signals = ProcessSignals()
        for await received in signals.stream where received != .hangUp { return received }
        return .terminate
    }

    static func runInspector(_ arguments: CommandArguments) async throws -> Int32 {
        let count = try arguments.integer("findings", default: 1000)
        let latency = Double(try arguments.integer("page-latency-ms", default: 0)) / 1000
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600),
                                         spacing: min(60, 20 * 3600 / Double(max(count, 1))))
        let chaos = try chaos(arguments)
        let double = InspectorDouble(findings: findings, pageLatency: latency,
                                     emptyPagesBeforeData: try arguments.integer("empty-pages", default: 0), chaos: chaos)
        let simulator = try InspectorSimulator(double: double, port: try arguments.integer("port", default: 0))
        // Written unbuffered: a supervisor or a pipe should see the endpoint now, not at exit.
        FileHandle.standardOutput.write(Data("""
            simulate: Inspector2 ListFindings with \(count) findings at \(simulator.endpoint)
            simulate: set endpoint_url and sts_endpoint_url to \(simulator.endpoint); any access key works

            """.utf8))
        let signal = await waitForStop()
        let counts = double.chaosCounts
        print("simulate: \(signal.rawValue): served \(double.findingsServed) findings in \(double.listRequestCount) requests"
              + " (chaos: \(counts.throttled) throttled, \(counts.serverErrors) server errors, \(counts.malformed) malformed)")
        simulator.stop()
        return 0
    }
}

import FindingsCollector
import Simulator
import Foundation

/// Parallel paging (issue 4): a large listing behind a realistic page latency, pulled by the real runtime with
/// partitions (`aws_account_id` × `severity`, as a delegated administrator would) into a TCP receiver.
/// What bounds it is round trips, not CPU, so the figure is wall time; the serial time is pages × latency.
struct PagingCase {
    let findings: Int
    let accounts: Int
    let pageLatency: Double
    let maxConcurrency: Int

    struct Result {
        var seconds: Double
        var pages: Int
        var received: Int
        var partitions: Int
    }

    func run() async throws -> Result {
        let accountIds = (0..<accounts).map { String(format: "1000000000%02d", $0) }
        let data = SyntheticFindings(count: findings, newestUpdatedAt: Date().addingTimeInterval(-600),
                                     spacing: 20 * 3600 / Double(findings), accountIds: accountIds)
        let double = InspectorDouble(findings: data, pageLatency: pageLatency)
        let simulator = try InspectorSimulator(double: double)
        defer { simulator.stop() }
        let receiver = try LoopbackSyslogReceiver { _ in }
        defer { receiver.stop() }
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("bench-paging-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let accountList = accountIds.map { "\"\($0)\"" }.joined(separator: ", ")
        let config = try ConfigLoader.parse(Array("""
        {"state_dir": "\(state)",
         "destinations": {"sink": {"protocol": "tcp", "host": "127.0.0.1", "port": \(receiver.port)}},
         "connectors": [{"name": "paging", "type": "aws_inspector", "tenant": "bench", "destination": "sink",
           "regions": ["us-east-1"], "endpoint_url": "\(simulator.endpoint)", "sts_endpoint_url": "\(simulator.endpoint)",
           "partitions": {"by": ["aws_account_id", "severity"], "aws_account_ids": [\(accountList)],
                          "max_concurrency": \(maxConcurrency)},
           "auth": {"method": "access_key", "access_key_id": "AKIABENCHPAGING00001", "secret_access_key": "bench"}}]}
        """.utf8))
        let runtime = try CollectorRuntime(config: config, logger: Logger(minimum: .error), environment: [:])
        let started = Date()
        let ending = await runtime.run(once: true, signals: nil)
        // The run has drained its queue; give the receiver a moment to read the last bytes.
        let settled = Date().addingTimeInterval(5)
        while receiver.count < findings + 1, Date() < settled {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        if case .finished(succeeded: false) = ending {
            FileHandle.standardError.write(Data("findings-bench --paging: the pass did not complete (see the log above)\n".utf8))
        }
        return Result(seconds: Date().timeIntervalSince(started), pages: double.listRequestCount,
                      received: receiver.count - 1, partitions: (accounts + 1) * 7)
    }
}
